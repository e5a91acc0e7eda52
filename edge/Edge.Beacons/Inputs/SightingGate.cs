using System.Security.Cryptography;
using Edge.Beacons.Configuration;
using Edge.Beacons.Decoding;
using Edge.Beacons.Diagnostics;
using Edge.Beacons.Zones;
using Edge.Privacy;

namespace Edge.Beacons.Inputs;

/// <summary>
/// The seam. Takes a <see cref="RawObservation"/> (raw identifiers, on the adapter's stack), sets store beacons apart,
/// replaces the person's device by a <see cref="Pseudonym"/>, zeroes the identity bytes it built, drops the payload,
/// filters weak and distant sightings, de-duplicates, and queues a <see cref="Sighting"/> that holds no raw identifier.
/// </summary>
internal sealed class SightingGate
{
    // Eddystone announces Tx power at 0 m; free-space loss from 0 to 1 m is about 41 dB (Eddystone specification).
    private const int EddystoneZeroToOneMeterLossDb = 41;

    // Tags that keep identities of different kinds apart before hashing.
    private const byte AddressTag = 0x4D;
    private const byte BeaconTag = 0x42;
    private const byte DeviceIdTag = 0x44;
    private const int MaximumIdentityBytes = 128;

    private readonly FootfallOptions _options;
    private readonly Pseudonymizer _pseudonymizer;
    private readonly ScannerRegistry _scanners;
    private readonly StoreBeaconRegistry _storeBeacons;
    private readonly BeaconPipeline _pipeline;
    private readonly SightingThrottle _throttle;
    private readonly CollectionPolicy? _policy;

    public SightingGate(
        FootfallOptions options,
        Pseudonymizer pseudonymizer,
        ScannerRegistry scanners,
        StoreBeaconRegistry storeBeacons,
        BeaconPipeline pipeline,
        CollectionPolicy? policy = null)
    {
        _policy = policy;
        _options = options;
        _pseudonymizer = pseudonymizer;
        _scanners = scanners;
        _storeBeacons = storeBeacons;
        _pipeline = pipeline;
        _throttle = new SightingThrottle(options.SightingThrottle, ThrottleCapacity(options));
    }

    public BeaconCounters Counters => _pipeline.Counters;

    /// <summary>
    /// Room for one entry per (device, scanner) pair heard within one throttle interval: every tracked device, heard by
    /// each of up to eight scanners at once (overlapping radio ranges), and at least two. A flood of made-up addresses
    /// still meets a bound; a full store heard by several scanners does not (it did at twice the tracked devices, with
    /// 20,000 phones each heard by three scanners: <c>e2e-site</c> in docs/BENCHMARKS.md).
    /// </summary>
    internal static int ThrottleCapacity(FootfallOptions options) =>
        (int)Math.Min(int.MaxValue, (long)options.MaximumTrackedDevices * Math.Clamp(options.Scanners.Count, 2, 8));

    public ScannerRegistry Scanners => _scanners;

    public void Accept(scoped in RawObservation raw)
    {
        // Opt-out and deny-list come before anything else: such a device is never pseudonymized, only counted.
        var decision = _policy?.Evaluate(raw.Address, raw.HasFrame && raw.Frame.PrimaryId.Length == 16 ? raw.Frame.PrimaryId : default)
            ?? CollectionDecision.Collect;
        if (decision is CollectionDecision.OptedOut or CollectionDecision.DenyListed)
        {
            return;
        }

        var zone = _scanners.ZoneOf(raw.ScannerIndex);
        Pseudonym? address = raw.Address.IsEmpty ? null : Pseudonymize(AddressTag, raw.Address, ReadOnlySpan<byte>.Empty);

        if (_storeBeacons.Count > 0 && TryStoreBeacon(raw, address))
        {
            return;
        }

        // Outside opening hours, or with collection switched off, the store's own beacons are still watched (above);
        // people are not.
        if (decision == CollectionDecision.NotCollecting)
        {
            return;
        }

        Pseudonym device;
        if (raw.HasFrame && raw.Frame.HasBeaconIdentity)
        {
            Span<byte> ids = stackalloc byte[4];
            ids[0] = (byte)(raw.Frame.Major >> 8);
            ids[1] = (byte)raw.Frame.Major;
            ids[2] = (byte)(raw.Frame.Minor >> 8);
            ids[3] = (byte)raw.Frame.Minor;
            device = Pseudonymize(BeaconTag, raw.Frame.PrimaryId, raw.Frame.SecondaryId, ids);
        }
        else if (address is { } known)
        {
            device = known;
        }
        else if (!raw.DeviceId.IsEmpty && raw.DeviceId.Length < MaximumIdentityBytes)
        {
            device = Pseudonymize(DeviceIdTag, raw.DeviceId, ReadOnlySpan<byte>.Empty);
        }
        else
        {
            Counters.CountMalformed();
            return;
        }

        if (raw.Rssi < _options.MinimumRssi)
        {
            Counters.CountWeak();
            return;
        }

        var distance = raw.DistanceMeters ?? PathLoss.DistanceMeters(
            raw.Rssi, ReferenceRssi(raw) ?? _options.ReferenceRssiAtOneMeter, _options.PathLossExponent);
        if (distance > _options.MaximumDistanceMeters)
        {
            Counters.CountFar();
            return;
        }

        switch (_throttle.Check(device, raw.ScannerIndex, raw.Timestamp))
        {
            case ThrottleDecision.Duplicate:
                Counters.CountDuplicate();
                return;
            case ThrottleDecision.Full:
                Counters.CountThrottleFull();
                return;
        }

        var deviceClass = raw.HasFrame ? raw.Frame.CompanyId : -1;
        _pipeline.TryEnqueue(new Sighting(device, zone, raw.Rssi, raw.Timestamp, deviceClass));
    }

    private bool TryStoreBeacon(scoped in RawObservation raw, Pseudonym? address)
    {
        var index = raw.HasFrame && raw.Frame.HasBeaconIdentity ? _storeBeacons.Match(raw.Frame) : -1;
        if (index < 0 && address is { } known)
        {
            index = _storeBeacons.MatchAddress(known);
        }

        if (index < 0)
        {
            return false;
        }

        _storeBeacons.Seen(index, address, _scanners.ZoneIdOf(raw.ScannerIndex), raw.Rssi, raw.Timestamp);
        if (raw.HasFrame && raw.Frame.Format == BeaconFormat.EddystoneTlm && !raw.Frame.IsEncryptedTelemetry)
        {
            _storeBeacons.Telemetry(index, raw.Frame, raw.Timestamp);
        }

        Counters.CountStoreBeacon();
        return true;
    }

    private static int? ReferenceRssi(scoped in RawObservation raw)
    {
        if (raw.ReferenceRssi is { } announced)
        {
            return announced;
        }

        if (!raw.HasFrame)
        {
            return null;
        }

        return raw.Frame.Format switch
        {
            BeaconFormat.IBeacon or BeaconFormat.AltBeacon => raw.Frame.Power,
            BeaconFormat.EddystoneUid or BeaconFormat.EddystoneUrl or BeaconFormat.EddystoneEid =>
                raw.Frame.Power - EddystoneZeroToOneMeterLossDb,
            _ => null,
        };
    }

    private Pseudonym Pseudonymize(byte tag, ReadOnlySpan<byte> first, ReadOnlySpan<byte> second, ReadOnlySpan<byte> third = default)
    {
        Span<byte> identity = stackalloc byte[1 + MaximumIdentityBytes];
        identity[0] = tag;
        var written = 1;
        written += CopyBounded(first, identity[written..]);
        written += CopyBounded(second, identity[written..]);
        written += CopyBounded(third, identity[written..]);
        var pseudonym = _pseudonymizer.Pseudonymize(identity[..written]);
        CryptographicOperations.ZeroMemory(identity);
        return pseudonym;
    }

    private static int CopyBounded(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        var count = Math.Min(source.Length, destination.Length);
        source[..count].CopyTo(destination);
        return count;
    }
}
