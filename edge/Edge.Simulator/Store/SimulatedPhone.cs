namespace Edge.Simulator.Store;

/// <summary>A shopper's phone: a resolvable private address that rotates, and a manufacturer payload that changes with it.</summary>
public sealed class SimulatedPhone
{
    private readonly Random _random;
    private readonly TimeSpan _rotation;
    private DateTimeOffset _nextRotation;

    public SimulatedPhone(Random random, TimeSpan rotation, DateTimeOffset now)
    {
        _random = random;
        _rotation = rotation;
        CompanyId = random.NextDouble() < 0.6 ? (ushort)0x004C : (ushort)0x0075;
        Rotate(now);

        // Addresses change at a random phase relative to the visit.
        _nextRotation = now + (rotation * random.NextDouble());
    }

    public ushort CompanyId { get; }

    public byte[] Address { get; private set; } = [];

    public byte[] ManufacturerData { get; private set; } = [];

    public int AddressesUsed { get; private set; }

    public void Tick(DateTimeOffset now)
    {
        if (now >= _nextRotation)
        {
            Rotate(now);
        }
    }

    private void Rotate(DateTimeOffset now)
    {
        var address = new byte[6];
        _random.NextBytes(address);
        address[0] = (byte)((address[0] & 0x3F) | 0x40); // resolvable private address: top bits 01
        Address = address;
        var payload = new byte[8];
        _random.NextBytes(payload);
        ManufacturerData = [(byte)CompanyId, (byte)(CompanyId >> 8), 0x10, 0x05, .. payload[..5]];
        AddressesUsed++;
        var jitter = 0.85 + (0.3 * _random.NextDouble());
        _nextRotation = now + (_rotation * jitter);
    }
}
