// Node-RED settings for the benchmark peer (bench/README.md): the flow in flows.json, no editor, no credentials,
// info logging (the bench waits for the broker node's "Connected to broker" line). The broker's and InfluxDB's
// ports come from the environment (MQTT_PORT, INFLUX_PORT), set by the bench for the servers it started.
module.exports = {
    flowFile: 'flows.json',
    flowFilePretty: true,
    uiHost: '127.0.0.1',
    uiPort: Number(process.env.NODE_RED_PORT || 1880),
    httpAdminRoot: false,
    httpNodeRoot: false,
    credentialSecret: false,
    logging: { console: { level: 'info', metrics: false, audit: false } },
    editorTheme: { projects: { enabled: false } },
    externalModules: { autoInstall: false }
};
