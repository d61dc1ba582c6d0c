// resoio-test-server: the stand-in Resonite IO mod, for trying clients without Resonite.
// Usage errors exit 2, like every executable of the package.
import ResoniteCommandLine

TestServerCommand.mainExitingTwoOnUsageErrors()
