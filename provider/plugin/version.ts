/** The plugin's version: the package's (a unit test keeps them equal), served by GetPluginInfo and the schema. */
export const VERSION = "0.1.0";
