using Edge.Ingest.Telemetry;
using Edge.Kernel;
using MQTTnet.Protocol;

namespace Edge.Ingest.Fleet;

/// <summary>How fleet messages enter the bounded <see cref="TelemetryChannel"/>: the backpressure rule in one place.</summary>
public static class ReadingHandOff
{
    /// <summary>
    /// Hands over the readings of one message: QoS 1/2 wait for room (which delays the device's PUBACK); QoS 0 takes what
    /// fits and returns how many readings did not (dropped; the caller counts them as <see cref="RejectionReason.Overflow"/>).
    /// Readings with no sensor (blanked duplicates) are skipped.
    /// </summary>
    public static async ValueTask<int> WriteAllAsync(
        TelemetryChannel channel, IReadOnlyList<Reading> readings, MqttQualityOfServiceLevel qualityOfService, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(channel);
        ArgumentNullException.ThrowIfNull(readings);
        for (var i = 0; i < readings.Count; i++)
        {
            var reading = readings[i];
            if (reading.Sensor is null || channel.TryWrite(reading))
            {
                continue;
            }

            if (qualityOfService == MqttQualityOfServiceLevel.AtMostOnce)
            {
                var dropped = 0;
                for (var j = i; j < readings.Count; j++)
                {
                    dropped += readings[j].Sensor is null ? 0 : 1;
                }

                return dropped;
            }

            await channel.WriteAsync(reading, cancellationToken);
        }

        return 0;
    }
}
