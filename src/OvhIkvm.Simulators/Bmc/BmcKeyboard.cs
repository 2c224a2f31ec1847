using System.Buffers.Binary;

namespace OvhIkvm.Simulators.Bmc;

/// <summary>
/// The simulated BMC's USB keyboard. Every CMD_SEND_HID_PACKET (0x01) payload is checked as the firmware would
/// need it: the 32-byte "IUSB" header (signature, version 1.0, header length, checksum, data length, keyboard
/// device and protocol, direction from the remote client, a sequence number rising by one on each KVM connection), the length byte, and the
/// 8-byte boot report (reserved byte zero, six key slots filled from the left with valid, distinct usages: no
/// phantom keys). Anything wrong is a <see cref="Violations"/> entry; every key that goes down is recorded, and, with a
/// <see cref="Layout"/>, what the server's OS would type from it (<see cref="Typed"/>).
/// </summary>
public sealed class BmcKeyboard
{
    private const int HeaderLength = 32;
    private const int ReportLength = 8;
    private const byte FirstKeyUsage = 0x04;
    private const byte LastKeyUsage = 0x65;

    private readonly Lock _gate = new();
    private readonly List<BmcKeyPress> _presses = [];
    private readonly List<string> _violations = [];
    private readonly System.Text.StringBuilder _typed = new();
    private IBmcKeyboardLayout? _layout;
    private readonly List<(int Count, TaskCompletionSource Reached)> _waiters = [];
    private byte[] _state = new byte[ReportLength];
    private uint? _lastSequence;
    private object? _lastConnection;
    private int _reports;

    /// <summary>Every key that went down, in order.</summary>
    public IReadOnlyList<BmcKeyPress> Presses
    {
        get
        {
            lock (_gate)
            {
                return [.. _presses];
            }
        }
    }

    /// <summary>The layout the simulated server types with (set it before typing); null records key presses only.</summary>
    public IBmcKeyboardLayout? Layout
    {
        get
        {
            lock (_gate)
            {
                return _layout;
            }
        }

        set
        {
            lock (_gate)
            {
                _layout = value;
            }
        }
    }

    /// <summary>What the presses typed under <see cref="Layout"/>, in order.</summary>
    public string Typed
    {
        get
        {
            lock (_gate)
            {
                return _typed.ToString();
            }
        }
    }

    /// <summary>What was wrong with the reports received; empty when every one was well formed.</summary>
    public IReadOnlyList<string> Violations
    {
        get
        {
            lock (_gate)
            {
                return [.. _violations];
            }
        }
    }

    /// <summary>Keyboard reports received so far.</summary>
    public int Reports
    {
        get
        {
            lock (_gate)
            {
                return _reports;
            }
        }
    }

    /// <summary>True when the last report left no key and no modifier down (or none came).</summary>
    public bool NothingPressed
    {
        get
        {
            lock (_gate)
            {
                return _state.AsSpan().IndexOfAnyExcept((byte)0) < 0;
            }
        }
    }

    /// <summary>Completes once <paramref name="count"/> reports have arrived.</summary>
    public Task WhenReportsReach(int count)
    {
        lock (_gate)
        {
            if (_reports >= count)
            {
                return Task.CompletedTask;
            }

            var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((count, reached));
            return reached.Task;
        }
    }

    /// <param name="payload">The 0x01 packet's payload.</param>
    /// <param name="connection">The KVM connection it came on: each is a fresh viewer, whose sequence numbers start anew.</param>
    internal void Receive(ReadOnlySpan<byte> payload, object connection)
    {
        lock (_gate)
        {
            if (!ReferenceEquals(connection, _lastConnection))
            {
                _lastConnection = connection;
                _lastSequence = null;
            }

            _reports++;
            var problem = Check(payload);
            if (problem is not null)
            {
                _violations.Add($"report {_reports}: {problem}");
            }
            else
            {
                Apply(payload.Slice(HeaderLength + 1, ReportLength));
            }

            foreach (var waiter in _waiters.Where(w => _reports >= w.Count).ToList())
            {
                _waiters.Remove(waiter);
                waiter.Reached.TrySetResult();
            }
        }
    }

    private string? Check(ReadOnlySpan<byte> payload)
    {
        if (payload.Length != HeaderLength + 1 + ReportLength)
        {
            return $"payload of {payload.Length} bytes, not {HeaderLength + 1 + ReportLength}";
        }

        var header = payload[..HeaderLength];
        byte sum = 0;
        foreach (var b in header)
        {
            sum += b;
        }

        var sequence = BinaryPrimitives.ReadUInt32LittleEndian(header[24..]);
        var problem = header switch
        {
            _ when !header[..8].SequenceEqual("IUSB    "u8) => "signature is not \"IUSB    \"",
            _ when header[8] != 1 || header[9] != 0 => $"version {header[8]}.{header[9]}, not 1.0",
            _ when header[10] != HeaderLength => $"header length {header[10]}",
            _ when sum != 0 => "header checksum does not sum to zero",
            _ when BinaryPrimitives.ReadUInt32LittleEndian(header[12..]) != 1 + ReportLength => "data length is not 9",
            _ when header[17] != 0x30 || header[18] != 0x10 => $"device 0x{header[17]:x2} protocol 0x{header[18]:x2}, not a keyboard",
            _ when header[19] != 0x80 => "direction is not from the remote client",
            _ when header[20] != 2 || header[21] != 0 => $"device {header[20]} interface {header[21]}, not the keyboard's 2/0",
            _ when _lastSequence is { } last && sequence != last + 1 => $"sequence {sequence} after {last}",
            _ => null,
        };
        _lastSequence = sequence;
        return problem ?? CheckReport(payload[HeaderLength], payload.Slice(HeaderLength + 1, ReportLength));
    }

    private static string? CheckReport(byte length, ReadOnlySpan<byte> report)
    {
        if (length != ReportLength)
        {
            return $"report length byte {length}";
        }

        if (report[1] != 0)
        {
            return "reserved byte is not zero";
        }

        var slots = report[2..];
        var ended = false;
        for (var i = 0; i < slots.Length; i++)
        {
            var usage = slots[i];
            if (usage == 0)
            {
                ended = true;
                continue;
            }

            if (ended)
            {
                return $"key slot {i} holds 0x{usage:x2} after an empty slot (phantom key)";
            }

            if (usage is < FirstKeyUsage or > LastKeyUsage)
            {
                return $"key slot {i} holds usage 0x{usage:x2}, not a keyboard key";
            }

            if (slots[..i].Contains(usage))
            {
                return $"usage 0x{usage:x2} appears twice";
            }
        }

        return null;
    }

    private void Apply(ReadOnlySpan<byte> report)
    {
        var before = _state.AsSpan(2);
        foreach (var usage in report[2..])
        {
            if (usage != 0 && !before.Contains(usage))
            {
                var press = new BmcKeyPress(report[0], usage);
                _presses.Add(press);
                _typed.Append(_layout?.Type(press));
            }
        }

        _state = report.ToArray();
    }
}
