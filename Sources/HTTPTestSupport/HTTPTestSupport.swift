import HTTPServer

/// Placeholder until the raw-socket test client lands.
public enum HTTPTestSupportInfo {}
