namespace OvhIkvm.Simulators.Screens.Catalogue;

/// <summary>
/// A Debian 12 kernel booted without its initramfs: the RAID root (/dev/md2, as OVH installs it) is never
/// assembled, the VFS gives up and the kernel panics. The log is written as a teletype would, so the panic, call
/// trace and end marker land at the bottom of the screen with as much earlier boot log above as the mode holds.
/// </summary>
internal static class KernelPanicScreen
{
    private const string Panic = "Kernel panic - not syncing: VFS: Unable to mount root fs on unknown-block(0,0)";

    private static readonly string[] Log =
    [
        "[    1.204518] ahci 0000:00:17.0: AHCI 0001.0301 32 slots 6 ports 6 Gbps 0x3f impl SATA mode",
        "[    1.213370] scsi host0: ahci",
        "[    1.213902] scsi host1: ahci",
        "[    1.214417] ata1: SATA max UDMA/133 abar m2048@0x91134000 port 0x91134100 irq 125",
        "[    1.214921] ata2: SATA max UDMA/133 abar m2048@0x91134000 port 0x91134180 irq 125",
        "[    1.529876] ata1: SATA link up 6.0 Gbps (SStatus 133 SControl 300)",
        "[    1.531022] ata1.00: ATA-11: SAMSUNG MZ7LH480HAHQ-00005, HXT7404Q, max UDMA/133",
        "[    1.532640] ata2: SATA link up 6.0 Gbps (SStatus 133 SControl 300)",
        "[    1.533817] ata2.00: ATA-11: SAMSUNG MZ7LH480HAHQ-00005, HXT7404Q, max UDMA/133",
        "[    1.541293] scsi 0:0:0:0: Direct-Access     ATA      SAMSUNG MZ7LH480 404Q PQ: 0 ANSI: 5",
        "[    1.543904] sd 0:0:0:0: [sda] 937703088 512-byte logical blocks: (480 GB/447 GiB)",
        "[    1.547511] sd 1:0:0:0: [sdb] 937703088 512-byte logical blocks: (480 GB/447 GiB)",
        "[    1.551208]  sda: sda1 sda2 sda3 sda4",
        "[    1.551861]  sdb: sdb1 sdb2 sdb3 sdb4",
        "[    1.552470] sd 0:0:0:0: [sda] Attached SCSI disk",
        "[    1.552915] sd 1:0:0:0: [sdb] Attached SCSI disk",
        "[    1.561204] igb 0000:01:00.0: Intel(R) Gigabit Ethernet Network Connection",
        "[    1.561718] igb 0000:01:00.0: eth0: (PCIe:2.5Gb/s:Width x1) a8:a1:59:3c:0e:42",
        "[    1.575630] md: Waiting for all devices to be available before autodetect",
        "[    1.576044] md: If you don't use raid, use raid=noautodetect",
        "[    1.577391] md: Autodetecting RAID arrays.",
        "[    1.577802] md: autorun ...",
        "[    1.578093] md: ... autorun DONE.",
        "[    1.581437] VFS: Cannot open root device \"md2\" or unknown-block(0,0): error -6",
        "[    1.582019] Please append a correct \"root=\" boot option; here are the available partitions:",
        "[    1.582787] 0800       468851544 sda",
        "[    1.582790]  driver: sd",
        "[    1.583170]   0801          523264 sda1 6c8a5f21-01",
        "[    1.583452]   0802         1048576 sda2 6c8a5f21-02",
        "[    1.583731]   0803       466230272 sda3 6c8a5f21-03",
        "[    1.584012] 0810       468851544 sdb",
        "[    1.584015]  driver: sd",
        "[    1.584296]   0811          523264 sdb1 9e4d07b3-01",
        "[    1.584574]   0812         1048576 sdb2 9e4d07b3-02",
        "[    1.584853]   0813       466230272 sdb3 9e4d07b3-03",
        "[    1.585007] List of all bdev filesystems:",
        "[    1.585010]  ext3",
        "[    1.585011]  ext2",
        "[    1.585012]  ext4",
        "[    1.585013]  vfat",
        "[    1.585014]  fuseblk",
        "[    1.585015] ",
        $"[    1.585021] {Panic}",
        "[    1.585702] CPU: 3 PID: 1 Comm: swapper/0 Not tainted 6.1.0-18-amd64 #1  Debian 6.1.76-1",
        "[    1.586514] Hardware name: ASRockRack E3C246D4U2-2T/E3C246D4U2-2T, BIOS L2.13 03/29/2024",
        "[    1.587301] Call Trace:",
        "[    1.587566]  <TASK>",
        "[    1.587790]  dump_stack_lvl+0x44/0x5c",
        "[    1.588151]  panic+0x118/0x2ed",
        "[    1.588474]  mount_block_root+0x1d3/0x1e6",
        "[    1.588839]  prepare_namespace+0x136/0x165",
        "[    1.589205]  kernel_init_freeable+0x25c/0x286",
        "[    1.589590]  ? rest_init+0xd0/0xd0",
        "[    1.589898]  kernel_init+0x16/0x130",
        "[    1.590214]  ret_from_fork+0x22/0x30",
        "[    1.590531]  </TASK>",
        "[    1.590972] Kernel Offset: 0x2a600000 from 0xffffffff81000000 (relocation range: 0xffffffff80000000-0xffffffffbfffffff)",
        $"[    1.592148] ---[ end {Panic} ]---",
    ];

    public static void Draw(TextScreen screen)
    {
        screen.Clear(TextStyle.Default);
        screen.CursorVisible = true;
        foreach (var line in Log)
        {
            screen.WriteLine(line);
        }
    }
}
