import ConvergenceAPI
import ConvergenceEngine

print("convergence: not yet wired")
