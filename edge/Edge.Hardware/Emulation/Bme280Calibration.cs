namespace Edge.Hardware.Emulation;

/// <summary>
/// The trimming parameters a BME280 carries in NVM (datasheet Table 16, p. 24), with the forward compensation formulas
/// (datasheet section 8.1, double precision) the emulator inverts to turn a target climate into raw ADC values.
/// </summary>
public sealed record Bme280Calibration(
    ushort T1, short T2, short T3,
    ushort P1, short P2, short P3, short P4, short P5, short P6, short P7, short P8, short P9,
    byte H1, short H2, byte H3, short H4, short H5, sbyte H6)
{
    /// <summary>
    /// The worked example of the Bosch BMP280 datasheet (BST-BMP280-DS001, section 3.12, Table 16: adc_T 519888 and
    /// adc_P 415148 give 25.08 degC and 100653.27 Pa); the BME280 uses the same temperature and pressure compensation.
    /// The humidity words are typical of a production BME280.
    /// </summary>
    public static Bme280Calibration DatasheetExample { get; } = new(
        27504, 26435, -1000,
        36477, -10685, 3024, 2855, 140, -7, 15500, -14600, 6000,
        75, 362, 0, 313, 50, 30);

    /// <summary>Temperature in degC and t_fine for a raw temperature.</summary>
    public (double Celsius, double TemperatureFine) CompensateTemperature(int adcT)
    {
        var var1 = ((adcT / 16384.0) - (T1 / 1024.0)) * T2;
        var var2 = ((adcT / 131072.0) - (T1 / 8192.0)) * ((adcT / 131072.0) - (T1 / 8192.0)) * T3;
        var fine = var1 + var2;
        return (fine / 5120.0, fine);
    }

    /// <summary>Pressure in Pa for a raw pressure at a given t_fine.</summary>
    public double CompensatePressure(int adcP, double temperatureFine)
    {
        var var1 = (temperatureFine / 2.0) - 64000.0;
        var var2 = var1 * var1 * P6 / 32768.0;
        var2 += var1 * P5 * 2.0;
        var2 = (var2 / 4.0) + (P4 * 65536.0);
        var1 = ((P3 * var1 * var1 / 524288.0) + (P2 * var1)) / 524288.0;
        var1 = (1.0 + (var1 / 32768.0)) * P1;
        if (var1 == 0)
        {
            return 0;
        }

        var p = 1048576.0 - adcP;
        p = (p - (var2 / 4096.0)) * 6250.0 / var1;
        var1 = P9 * p * p / 2147483648.0;
        var2 = p * P8 / 32768.0;
        return p + ((var1 + var2 + P7) / 16.0);
    }

    /// <summary>Relative humidity in % for a raw humidity at a given t_fine.</summary>
    public double CompensateHumidity(int adcH, double temperatureFine)
    {
        var h = temperatureFine - 76800.0;
        h = (adcH - ((H4 * 64.0) + (H5 / 16384.0 * h)))
            * (H2 / 65536.0 * (1.0 + (H6 / 67108864.0 * h * (1.0 + (H3 / 67108864.0 * h)))));
        h *= 1.0 - (H1 * h / 524288.0);
        return Math.Clamp(h, 0, 100);
    }

    /// <summary>Writes the parameters into a register file at their NVM addresses (Table 16).</summary>
    public void WriteTo(Span<byte> registers)
    {
        WriteLittleEndian(registers, 0x88, T1);
        WriteLittleEndian(registers, 0x8A, (ushort)T2);
        WriteLittleEndian(registers, 0x8C, (ushort)T3);
        WriteLittleEndian(registers, 0x8E, P1);
        WriteLittleEndian(registers, 0x90, (ushort)P2);
        WriteLittleEndian(registers, 0x92, (ushort)P3);
        WriteLittleEndian(registers, 0x94, (ushort)P4);
        WriteLittleEndian(registers, 0x96, (ushort)P5);
        WriteLittleEndian(registers, 0x98, (ushort)P6);
        WriteLittleEndian(registers, 0x9A, (ushort)P7);
        WriteLittleEndian(registers, 0x9C, (ushort)P8);
        WriteLittleEndian(registers, 0x9E, (ushort)P9);
        registers[0xA1] = H1;
        WriteLittleEndian(registers, 0xE1, (ushort)H2);
        registers[0xE3] = H3;

        // dig_H4 is 0xE4[7:0] / 0xE5[3:0] and dig_H5 is 0xE5[7:4] / 0xE6[7:0], each 12-bit.
        registers[0xE4] = (byte)(H4 >> 4);
        registers[0xE5] = (byte)((H4 & 0x0F) | ((H5 & 0x0F) << 4));
        registers[0xE6] = (byte)(H5 >> 4);
        registers[0xE7] = (byte)H6;
    }

    private static void WriteLittleEndian(Span<byte> registers, int address, ushort value)
    {
        registers[address] = (byte)value;
        registers[address + 1] = (byte)(value >> 8);
    }
}
