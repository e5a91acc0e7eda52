using System.Globalization;
using System.Text.Json.Nodes;

namespace Edge.LoadHarness;

/// <summary>
/// The flow a Pi user would wire in Node-RED for the same job: MQTT in -> JSON -> a function keeping per-machine running
/// statistics (Welford, in node context) -> MQTT out, with an inject node closing the window every second.
/// Each window's output carries its message count, which is how the harness knows Node-RED has processed everything.
/// </summary>
internal static class NodeRedFlow
{
    private const string WindowFunction = """
        let windows = context.get('windows');
        if (!windows) { windows = new Map(); context.set('windows', windows); }
        if (msg.topic === 'tick') {
            const out = [];
            for (const [machineId, w] of windows) {
                const sensors = {};
                for (const name of Object.keys(w.sensors)) {
                    const s = w.sensors[name];
                    sensors[name] = { count: s.n, mean: s.mean, min: s.min, max: s.max, sd: Math.sqrt(s.m2 / s.n) };
                }
                out.push({ topic: 'stats/' + machineId, payload: { machineId: machineId, count: w.count, sensors: sensors } });
            }
            windows.clear();
            return [out];
        }
        const p = msg.payload;
        let w = windows.get(p.machineId);
        if (!w) { w = { count: 0, sensors: {} }; windows.set(p.machineId, w); }
        w.count++;
        for (const name of Object.keys(p.readings)) {
            const v = p.readings[name];
            let s = w.sensors[name];
            if (!s) { s = w.sensors[name] = { n: 0, mean: 0, m2: 0, min: v, max: v }; }
            s.n++;
            const d = v - s.mean;
            s.mean += d / s.n;
            s.m2 += d * (v - s.mean);
            if (v < s.min) { s.min = v; }
            if (v > s.max) { s.max = v; }
        }
        return null;
        """;

    public static string Create(int mosquittoPort)
    {
        var flow = new JsonArray
        {
            new JsonObject { ["id"] = "bench-tab", ["type"] = "tab", ["label"] = "bench" },
            new JsonObject
            {
                ["id"] = "bench-broker", ["type"] = "mqtt-broker", ["name"] = "mosquitto", ["broker"] = "127.0.0.1",
                ["port"] = mosquittoPort.ToString(CultureInfo.InvariantCulture), ["clientid"] = "node-red-bench",
                ["autoConnect"] = true, ["usetls"] = false, ["protocolVersion"] = "4", ["keepalive"] = "60",
                ["cleansession"] = true, ["autoUnsubscribe"] = true,
            },
            new JsonObject
            {
                ["id"] = "bench-in", ["type"] = "mqtt in", ["z"] = "bench-tab", ["name"] = "telemetry",
                ["topic"] = "devices/+/telemetry", ["qos"] = "1", ["datatype"] = "utf8", ["broker"] = "bench-broker",
                ["nl"] = false, ["rap"] = true, ["rh"] = 0, ["inputs"] = 0, ["wires"] = Wires("bench-json"),
            },
            new JsonObject
            {
                ["id"] = "bench-json", ["type"] = "json", ["z"] = "bench-tab", ["property"] = "payload", ["action"] = "obj",
                ["pretty"] = false, ["wires"] = Wires("bench-window"),
            },
            new JsonObject
            {
                ["id"] = "bench-tick", ["type"] = "inject", ["z"] = "bench-tab", ["name"] = "window",
                ["props"] = new JsonArray { new JsonObject { ["p"] = "topic", ["vt"] = "str" } },
                ["topic"] = "tick", ["repeat"] = "1", ["crontab"] = "", ["once"] = false, ["onceDelay"] = 0.1,
                ["wires"] = Wires("bench-window"),
            },
            new JsonObject
            {
                ["id"] = "bench-window", ["type"] = "function", ["z"] = "bench-tab", ["name"] = "window statistics",
                ["func"] = WindowFunction, ["outputs"] = 1, ["wires"] = Wires("bench-out"),
            },
            new JsonObject
            {
                ["id"] = "bench-out", ["type"] = "mqtt out", ["z"] = "bench-tab", ["name"] = "statistics", ["topic"] = "",
                ["qos"] = "1", ["retain"] = "false", ["broker"] = "bench-broker", ["wires"] = new JsonArray(),
            },
        };
        return flow.ToJsonString();
    }

    private static JsonArray Wires(string target) => [new JsonArray { target }];
}
