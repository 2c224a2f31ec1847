using System.Runtime.InteropServices;
using System.Text;
using OvhIkvm.Simulators.Bmc;
using OvhIkvm.Testing;

namespace OvhIkvm.Kvm.Tests.Input;

/// <summary>
/// A keyboard typing as a Linux desktop would: the system's XKB data (/usr/share/X11/xkb, Debian's xkb-data) compiled
/// by libxkbcommon, the library Wayland compositors and X clients use, and its Compose tables for dead keys
/// (/usr/share/X11/locale, libx11-data). An oracle that owes nothing to our own layout tables.
/// <para>
/// A USB report names keys by HID usage; XKB by evdev keycode. The kernel's HID driver turns one into the other
/// (Linux drivers/hid/hid-input.c, table <c>hid_keyboard[]</c>) and XKB's evdev keycodes are the kernel's plus 8
/// (xkeyboard-config keycodes/evdev: <c>&lt;AC01&gt; = 38</c>, KEY_A being 30).
/// </para>
/// </summary>
internal sealed partial class XkbKeyboard : IBmcKeyboardLayout, IDisposable
{
    private const string Library = "libxkbcommon.so.0";
    private const int EvdevOffset = 8;
    private const uint ReturnKeysym = 0xff0d;

    /// <summary>hid_keyboard[] from Linux drivers/hid/hid-input.c for the usages 0x04..0x38 (letters, digits, Enter to Slash), and 0x64.</summary>
    private static readonly byte[] LinuxKeycodes =
    [
        30, 48, 46, 32, 18, 33, 34, 35, 23, 36, 37, 38, // 0x04 a .. 0x0f l
        50, 49, 24, 25, 16, 19, 31, 20, 22, 47, 17, 45, 21, 44, 2, 3, // 0x10 m .. 0x1f 2
        4, 5, 6, 7, 8, 9, 10, 11, 28, 1, 14, 15, 57, 12, 13, 26, // 0x20 3 .. 0x2f [
        27, 43, 43, 39, 40, 41, 51, 52, 53, // 0x30 ] .. 0x38 /
    ];

    /// <summary>The modifier byte's bits as Linux keycodes: hid_keyboard[0xe0..0xe7] (LeftCtrl, LeftShift, LeftAlt, LeftMeta, then the right-hand ones).</summary>
    private static readonly byte[] ModifierKeycodes = [29, 42, 56, 125, 97, 54, 100, 126];

    private readonly IntPtr _context;
    private readonly IntPtr _keymap;
    private readonly IntPtr _composeTable;
    private readonly IntPtr _compose;

    private XkbKeyboard(string layout)
    {
        _context = xkb_context_new(0);
        var names = new RuleNames("evdev", "pc105", layout);
        try
        {
            _keymap = xkb_keymap_new_from_names(_context, names.Value, 0);
        }
        finally
        {
            names.Free();
        }

        Assert.True(_keymap != IntPtr.Zero, $"libxkbcommon could not compile the XKB layout '{layout}' from /usr/share/X11/xkb.");
        _composeTable = xkb_compose_table_new_from_locale(_context, "en_US.UTF-8", 0);
        Assert.True(_composeTable != IntPtr.Zero, "libxkbcommon found no Compose table for en_US.UTF-8 (/usr/share/X11/locale, package libx11-data).");
        _compose = xkb_compose_state_new(_composeTable, 0);
    }

    /// <summary>The XKB layout (e.g. "fr"), or a skip (locally) / failure (CI) when libxkbcommon or the XKB data is missing.</summary>
    public static XkbKeyboard Open(string layout)
    {
        const string Message = "libxkbcommon0, xkb-data and libx11-data are needed (.ci/apt-packages.txt lists them).";
        if (!NativeLibrary.TryLoad(Library, out var handle) || !File.Exists($"/usr/share/X11/xkb/symbols/{layout}"))
        {
            if (ExternalProgram.IsCi)
            {
                Assert.Fail(Message);
            }

            Assert.Skip(Message);
        }

        NativeLibrary.Free(handle);
        return new XkbKeyboard(layout);
    }

    /// <summary>What XKB types for one key press with the report's modifier byte held, through the Compose state.</summary>
    public string Type(BmcKeyPress press)
    {
        var keysym = KeysymOf(press);
        _ = xkb_compose_state_feed(_compose, keysym);
        switch (xkb_compose_state_get_status(_compose))
        {
            case ComposeComposing:
                return string.Empty;
            case ComposeComposed:
                var buffer = new byte[64];
                var length = xkb_compose_state_get_utf8(_compose, buffer, (nuint)buffer.Length);
                xkb_compose_state_reset(_compose);
                return Encoding.UTF8.GetString(buffer, 0, length);
            case ComposeCancelled:
                xkb_compose_state_reset(_compose);
                return "\uFFFD";
            default:
                return keysym == ReturnKeysym ? "\n" : char.ConvertFromUtf32((int)xkb_keysym_to_utf32(keysym) is > 0 and var c ? c : 0xFFFD);
        }
    }

    /// <summary>The name of the keysym a key gives with the modifier byte held, for messages ("dead_circumflex").</summary>
    public string KeysymName(BmcKeyPress press)
    {
        var buffer = new byte[64];
        var length = xkb_keysym_get_name(KeysymOf(press), buffer, (nuint)buffer.Length);
        return length > 0 ? Encoding.UTF8.GetString(buffer, 0, length) : "?";
    }

    /// <summary>The keysym of the press's key in a fresh keyboard state with the press's modifier keys down.</summary>
    private uint KeysymOf(BmcKeyPress press)
    {
        ArgumentNullException.ThrowIfNull(press);
        var state = xkb_state_new(_keymap);
        try
        {
            for (var bit = 0; bit < ModifierKeycodes.Length; bit++)
            {
                if ((press.Modifiers & (1 << bit)) != 0)
                {
                    _ = xkb_state_update_key(state, (uint)(ModifierKeycodes[bit] + EvdevOffset), Down);
                }
            }

            return xkb_state_key_get_one_sym(state, EvdevKeycode(press.Usage));
        }
        finally
        {
            xkb_state_unref(state);
        }
    }

    public void Dispose()
    {
        xkb_compose_state_unref(_compose);
        xkb_compose_table_unref(_composeTable);
        xkb_keymap_unref(_keymap);
        xkb_context_unref(_context);
    }

    private static uint EvdevKeycode(byte usage) => usage switch
    {
        >= 0x04 and <= 0x38 => (uint)(LinuxKeycodes[usage - 0x04] + EvdevOffset),
        0x64 => 86 + EvdevOffset, // KEY_102ND, XKB's <LSGT>
        _ => throw new ArgumentOutOfRangeException(nameof(usage), $"usage 0x{usage:x2} is outside the printable keys this oracle maps"),
    };

    private const int Down = 1;
    private const int ComposeComposing = 1;
    private const int ComposeComposed = 2;
    private const int ComposeCancelled = 3;

    /// <summary>struct xkb_rule_names: five C strings, rules, model, layout, variant, options.</summary>
    private readonly struct RuleNames(string rules, string model, string layout)
    {
        public IntPtr[] Value { get; } = [Marshal.StringToCoTaskMemUTF8(rules), Marshal.StringToCoTaskMemUTF8(model), Marshal.StringToCoTaskMemUTF8(layout), IntPtr.Zero, IntPtr.Zero];

        public void Free()
        {
            foreach (var pointer in Value)
            {
                Marshal.FreeCoTaskMem(pointer);
            }
        }
    }

    [LibraryImport(Library)]
    private static partial IntPtr xkb_context_new(int flags);

    [LibraryImport(Library)]
    private static partial void xkb_context_unref(IntPtr context);

    [LibraryImport(Library)]
    private static partial IntPtr xkb_keymap_new_from_names(IntPtr context, [In] IntPtr[] names, int flags);

    [LibraryImport(Library)]
    private static partial void xkb_keymap_unref(IntPtr keymap);

    [LibraryImport(Library)]
    private static partial IntPtr xkb_state_new(IntPtr keymap);

    [LibraryImport(Library)]
    private static partial void xkb_state_unref(IntPtr state);

    [LibraryImport(Library)]
    private static partial int xkb_state_update_key(IntPtr state, uint key, int direction);

    [LibraryImport(Library)]
    private static partial uint xkb_state_key_get_one_sym(IntPtr state, uint key);

    [LibraryImport(Library)]
    private static partial uint xkb_keysym_to_utf32(uint keysym);

    [LibraryImport(Library)]
    private static partial int xkb_keysym_get_name(uint keysym, [Out] byte[] buffer, nuint size);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    private static partial IntPtr xkb_compose_table_new_from_locale(IntPtr context, string locale, int flags);

    [LibraryImport(Library)]
    private static partial void xkb_compose_table_unref(IntPtr table);

    [LibraryImport(Library)]
    private static partial IntPtr xkb_compose_state_new(IntPtr table, int flags);

    [LibraryImport(Library)]
    private static partial void xkb_compose_state_unref(IntPtr state);

    [LibraryImport(Library)]
    private static partial int xkb_compose_state_feed(IntPtr state, uint keysym);

    [LibraryImport(Library)]
    private static partial int xkb_compose_state_get_status(IntPtr state);

    [LibraryImport(Library)]
    private static partial int xkb_compose_state_get_utf8(IntPtr state, [Out] byte[] buffer, nuint size);

    [LibraryImport(Library)]
    private static partial void xkb_compose_state_reset(IntPtr state);
}
