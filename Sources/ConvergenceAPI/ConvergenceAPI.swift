import ConvergenceEngine
import HTTPServer

/// Placeholder until the API lands.
public enum ConvergenceAPIInfo {}
