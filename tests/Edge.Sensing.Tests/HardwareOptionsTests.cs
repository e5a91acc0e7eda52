using System.ComponentModel.DataAnnotations;
using Edge.Hardware.Sensors;
using Edge.Sensing;
using Microsoft.Extensions.Configuration;

namespace Edge.Sensing.Tests;

public sealed class HardwareOptionsTests
{
    [Fact]
    public void Validate_DuplicateNameAndIdentifierShapedMachine_NamesTheKeys()
    {
        var options = new HardwareOptions
        {
            Sensors =
            [
                new SensorSettings { Name = "cabinet", MachineId = "pump-01", Kind = SensorKind.Bme280 },
                new SensorSettings { Name = "cabinet", MachineId = "pump-01", Kind = SensorKind.Bme280, Address = 0x77 },
                new SensorSettings { Name = "speed", MachineId = "b8:27:eb:12:34:56", Kind = SensorKind.PulseCounter, Pin = 17 },
            ],
        };

        var errors = options.Validate(new ValidationContext(options)).Select(r => r.ErrorMessage).ToList();

        Assert.Contains(errors, e => e!.StartsWith("Hardware:Sensors:1:Name 'cabinet' is used twice", StringComparison.Ordinal));
        Assert.Contains(errors, e => e!.StartsWith("Hardware:Sensors:2:MachineId", StringComparison.Ordinal));
        Assert.Equal(2, errors.Count);
    }

    [Fact]
    public void Validate_PumpStationExample_IsValid()
    {
        var root = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(root, "Edge.sln")))
        {
            root = Path.GetDirectoryName(root)!;
        }

        var configuration = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(root, "hardware", "examples", "pump-station.appsettings.json"))
            .Build();
        var options = configuration.GetSection(HardwareOptions.Section).Get<HardwareOptions>()!;

        var errors = options.Validate(new ValidationContext(options)).ToList();

        Assert.Empty(errors);
        Assert.Equal(7, options.Sensors.Count);
        Assert.Equal('Z', options.Sensors[1].Axis);
        Assert.Equal(TimeSpan.FromMilliseconds(25), options.Sensors[1].Interval);
    }
}
