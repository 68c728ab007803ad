# syntax=docker/dockerfile:1
# Build:  docker build -t convergence .
# Run:    docker run --rm -p 8080:8080 convergence
#         docker run --rm -p 9000:9000 -e PORT=9000 convergence   (another port: set it by the
#         environment or config/convergence.json, never by `serve --port`, so that the
#         HEALTHCHECK, a separate process reading the same layers, probes the same port)
# Stage 1 builds a release binary with the Swift standard library linked in statically, so the
# runtime stage needs no Swift toolchain: only glibc, libstdc++, zlib and OpenSSL 3.
# Both base images are pinned to exact release tags: the toolchain CI tests with (6.3.1) and
# the Debian point release it runs on (12.11), so a rebuild gets the same compiler and libraries.
FROM swift:6.3.1-bookworm AS build
WORKDIR /src
# zlib and OpenSSL headers for the CZlib and OpenSSL system-library targets (gzip, HTTPS).
RUN apt-get update \
    && apt-get install -y --no-install-recommends zlib1g-dev libssl-dev pkg-config \
    && rm -rf /var/lib/apt/lists/*
# Resolve dependencies in their own layer so source edits do not refetch them; Package.swift
# pins every direct dependency with `exact:`.
COPY Package.swift ./
RUN swift package resolve
COPY . .
RUN swift build -c release --static-swift-stdlib --product convergence \
    && install -D "$(swift build -c release --show-bin-path)/convergence" /out/convergence

FROM debian:12.11-slim AS runtime
# libstdc++6, zlib1g and libssl3 are what the statically linked binary still loads dynamically.
RUN apt-get update \
    && apt-get install -y --no-install-recommends libstdc++6 zlib1g libssl3 ca-certificates \
    && rm -rf /var/lib/apt/lists/* \
    && groupadd --system --gid 10001 convergence \
    && useradd --system --uid 10001 --gid convergence --no-create-home --home-dir /app --shell /usr/sbin/nologin convergence
WORKDIR /app
COPY --from=build /out/convergence /usr/local/bin/convergence
COPY --chown=root:root config/ /app/config/
COPY --chown=root:root Public/ /app/Public/
USER 10001:10001
# The drain (SIGTERM: 2 s grace answering with /readyz 503, then in-flight requests finish) ends
# within 8 s, inside `docker stop`'s default 10 s before SIGKILL. Raise both together
# (`docker stop -t`, compose `stop_grace_period`).
ENV CONVERGENCE_LOG_FORMAT=json \
    CONVERGENCE_TIMEOUTS_DRAIN_SECONDS=8
EXPOSE 8080
# `convergence healthcheck` reads the same settings file and environment as `serve` (port included).
HEALTHCHECK --interval=10s --timeout=3s --start-period=5s --retries=3 CMD ["convergence", "healthcheck"]
STOPSIGNAL SIGTERM
ENTRYPOINT ["convergence"]
CMD ["serve"]
