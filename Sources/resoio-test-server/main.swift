// resoio-test-server: the stand-in Resonite IO mod, for trying clients without Resonite.
TestServerCommand.main()
