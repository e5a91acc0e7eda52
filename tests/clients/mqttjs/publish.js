// A device written by someone else: MQTT.js publishes one QoS 1 message and prints the PUBACK reason code.
// Usage: node publish.js <url> <clientId> <username> <password> <topic> <payload>
const mqtt = require("mqtt");

const [url, clientId, username, password, topic, payload] = process.argv.slice(2);
const client = mqtt.connect(url, { clientId, username, password, protocolVersion: 5, reconnectPeriod: 0, connectTimeout: 10000 });
client.on("error", (error) => {
  console.log(`error ${error.code ?? ""} ${error.message}`);
  process.exit(2);
});
client.on("connect", () => {
  client.publish(topic, payload, { qos: 1 }, (error, packet) => {
    const code = error ? error.code : (packet && packet.reasonCode) || 0;
    console.log(`puback ${code}`);
    client.end(false, {}, () => process.exit(0));
  });
});
