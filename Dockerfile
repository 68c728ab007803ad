# Placeholder: the multi-stage build lands with the service.
FROM swift:6.1-jammy
