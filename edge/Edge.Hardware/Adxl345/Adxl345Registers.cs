namespace Edge.Hardware.Adxl345;

/// <summary>ADXL345 register map and SPI framing (Analog Devices ADXL345 datasheet Rev. G, Table 19 p. 23, Figure 37-39 p. 15).</summary>
internal static class Adxl345Registers
{
    public const byte DeviceId = 0x00;
    public const byte BandwidthRate = 0x2C;
    public const byte PowerControl = 0x2D;
    public const byte InterruptSource = 0x30;
    public const byte DataFormat = 0x31;
    public const byte DataX0 = 0x32;
    public const byte DataZ1 = 0x37;
    public const byte FifoControl = 0x38;
    public const byte FifoStatus = 0x39;
    public const int RegisterCount = 0x40;

    /// <summary>DEVID holds a fixed 0xE5 (p. 24).</summary>
    public const byte ExpectedDeviceId = 0xE5;

    /// <summary>First SPI byte: bit 7 set for a read, bit 6 for a multi-byte transfer, bits 5-0 the address (p. 15).</summary>
    public const byte ReadBit = 0x80;
    public const byte MultiByteBit = 0x40;
    public const byte AddressMask = 0x3F;

    /// <summary>POWER_CTL Measure bit (p. 26).</summary>
    public const byte Measure = 0x08;

    /// <summary>FIFO_CTL mode bits D7:D6 = 10: stream, the FIFO keeps the newest 32 samples (Table 22, p. 27).</summary>
    public const byte StreamMode = 0x80;

    /// <summary>FIFO depth (p. 21).</summary>
    public const int FifoDepth = 32;

    /// <summary>BW_RATE rate code for an output data rate (Table 7, p. 14): 3200 Hz is 0x0F, each halving one less.</summary>
    public static byte RateCode(int outputDataRateHertz) => outputDataRateHertz switch
    {
        3200 => 0x0F,
        1600 => 0x0E,
        800 => 0x0D,
        400 => 0x0C,
        200 => 0x0B,
        100 => 0x0A,
        _ => throw new ArgumentOutOfRangeException(nameof(outputDataRateHertz), outputDataRateHertz, "Not an ADXL345 data rate."),
    };

    /// <summary>Output data rate for a BW_RATE rate code: 3200 Hz / 2^(15 - code).</summary>
    public static double OutputDataRate(byte bandwidthRate) => 3200.0 / Math.Pow(2, 0x0F - (bandwidthRate & 0x0F));
}
