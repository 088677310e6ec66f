// Sample collector outputs WRITTEN BY HAND from the vendors' documented formats, not captured from real
// machines (none was available): Windows from the CIM class references (Win32_ComputerSystem,
// Win32_PhysicalMemory, Win32_DiskDrive, MSFT_PhysicalDisk, Win32_EncryptableVolume, BatteryStaticData ...)
// as PowerShell 5.1's ConvertTo-Json prints them (dates as "/Date(ms)/"); macOS from `system_profiler -json`
// keys (SPHardwareDataType, SPNVMeDataType, SPPowerDataType ...) as documented by Apple and seen in its man page.

export const WINDOWS_SAMPLE = [
  '@@atelier-inventory-json 1',
  JSON.stringify({
    computerSystem: { ok: true, ms: 40, data: [{ Manufacturer: 'LENOVO', Model: '20L7S0J200', SystemSKUNumber: 'LENOVO_MT_20L7', TotalPhysicalMemory: 17047318528, Name: 'PC-ACCUEIL' }] },
    product: { ok: true, ms: 12, data: [{ IdentifyingNumber: 'PF1ABCDE', UUID: '6F1E2A00-1C2D-11B2-A85C-E3D8C3D4E5F6' }] },
    enclosure: { ok: true, ms: 8, data: [{ ChassisTypes: [10] }] },
    bios: { ok: true, ms: 9, data: [{ Manufacturer: 'LENOVO', SMBIOSBIOSVersion: 'N22ET80W (1.57 )', ReleaseDate: '/Date(1656028800000)/', SerialNumber: 'PF1ABCDE' }] },
    firmware: { ok: true, ms: 0, data: ['UEFI'] },
    secureBoot: { ok: true, ms: 3, data: [true] },
    board: { ok: true, ms: 7, data: [{ Manufacturer: 'LENOVO', Product: '20L7S0J200', Version: 'SDK0J40697 WIN', SerialNumber: 'L1HF8AB01CD', Tag: 'Base Board' }] },
    cpu: { ok: true, ms: 30, data: [{ Name: 'Intel(R) Core(TM) i5-8350U CPU @ 1.70GHz', Manufacturer: 'GenuineIntel', NumberOfCores: 4, NumberOfLogicalProcessors: 8, MaxClockSpeed: 1896, CurrentClockSpeed: 1700, VirtualizationFirmwareEnabled: true }] },
    memory: { ok: true, ms: 11, data: [
      { DeviceLocator: 'ChannelA-DIMM0', Capacity: 8589934592, SMBIOSMemoryType: 26, Speed: 2400, ConfiguredClockSpeed: 2400, Manufacturer: 'Samsung', PartNumber: 'M471A1K43CB1-CRC', SerialNumber: '12345678' },
      { DeviceLocator: 'ChannelB-DIMM0', Capacity: 8589934592, SMBIOSMemoryType: 26, Speed: 2400, ConfiguredClockSpeed: 2400, Manufacturer: 'Samsung', PartNumber: 'M471A1K43CB1-CRC', SerialNumber: '87654321' },
    ] },
    pageFile: { ok: true, ms: 5, data: [{ AllocatedBaseSize: 2432 }] },
    disks: { ok: true, ms: 20, data: [{ Index: 0, Model: 'SAMSUNG MZVLB512HAJQ-000L7', SerialNumber: '0025_3886_81B2_0C4D.', FirmwareRevision: '4L2QEXA7', Size: 512105932800, InterfaceType: 'SCSI', Status: 'OK' }] },
    physicalDisks: { ok: true, ms: 150, data: [{ DeviceId: '0', MediaType: 4, BusType: 'NVMe', HealthStatus: 0 }] },
    volumes: { ok: true, ms: 10, data: [{ DeviceID: 'C:', FileSystem: 'NTFS', Size: 510770802688, FreeSpace: 30770802688, VolumeName: 'Windows', VolumeSerialNumber: 'A1B2C3D4' }] },
    bitlocker: { ok: false, ms: 4, error: 'Access denied' },
    adapters: { ok: true, ms: 25, data: [
      { Index: 1, NetConnectionID: 'Ethernet', Name: 'Intel(R) Ethernet Connection (4) I219-V', MACAddress: '54:E1:AD:11:22:33', Speed: null, NetConnectionStatus: 7, AdapterType: 'Ethernet 802.3' },
      { Index: 5, NetConnectionID: 'Wi-Fi', Name: 'Intel(R) Wireless-AC 8265', MACAddress: 'A0:C5:89:44:55:66', Speed: 866700000, NetConnectionStatus: 2, AdapterType: 'Ethernet 802.3' },
    ] },
    ipConfig: { ok: true, ms: 18, data: [{ Index: 5, IPAddress: ['192.168.1.42', 'fe80::1c2d:3e4f:5a6b:7c8d'], IPSubnet: ['255.255.255.0', '64'] }] },
    os: { ok: true, ms: 15, data: [{ Caption: 'Microsoft Windows 11 Professionnel', Version: '10.0.22631', BuildNumber: '22631', OSArchitecture: '64 bits', CSName: 'PC-ACCUEIL', LastBootUpTime: '/Date(1700000000000)/', LocalDateTime: '/Date(1700086400000)/' }] },
    battery: { ok: true, ms: 6, data: [{ Name: '01AV430', DeviceID: '1234SMP01AV430', EstimatedChargeRemaining: 87, BatteryStatus: 2, Chemistry: 6 }] },
    batteryStatic: { ok: true, ms: 6, data: [{ DesignedCapacity: 57020, ManufactureName: 'SMP', SerialNumber: '1234' }] },
    batteryFull: { ok: true, ms: 6, data: [{ FullChargedCapacity: 41054 }] },
    batteryCycles: { ok: true, ms: 6, data: [{ CycleCount: 412 }] },
    gpus: { ok: true, ms: 30, data: [{ Name: 'Intel(R) UHD Graphics 620', AdapterCompatibility: 'Intel Corporation', AdapterRAM: 1073741824, DriverVersion: '31.0.101.2115', PNPDeviceID: 'PCI\\VEN_8086&DEV_5917' }] },
    monitors: { ok: true, ms: 9, data: [{ Manufacturer: 'LEN', Model: 'T24i-20', Serial: 'V5G12345' }] },
    usb: { ok: true, ms: 40, data: [{ Name: 'USB Receiver', Manufacturer: 'Logitech', DeviceID: 'USB\\VID_046D&PID_C52B\\5&2A7B1C0&0&1' }] },
    printers: { ok: true, ms: 20, data: [{ Name: 'HP LaserJet M404', DriverName: 'HP Universal Printing PCL 6', PortName: '192.168.1.50', PrinterStatus: 3, Default: true, Shared: false, Network: true }] },
    temperature: { ok: false, ms: 3, error: 'Not supported' },
  }),
  '@@done',
  '',
].join('\r\n');

export const MACOS_SAMPLE = [
  '@@atelier-inventory 1',
  '@@begin sw_vers', 'ProductName:\t\tmacOS', 'ProductVersion:\t\t14.4.1', 'BuildVersion:\t\t23E224', '@@end sw_vers rc=0',
  '@@begin uname', 'Darwin 23.4.0 arm64', '@@end uname rc=0',
  '@@begin hostname', 'MacBook-de-Claire.local', '@@end hostname rc=0',
  '@@begin date', '2026-11-20T10:00:00Z', '@@end date rc=0',
  '@@begin sysctl',
  'machdep.cpu.brand_string: Apple M1 Pro', 'hw.physicalcpu: 10', 'hw.logicalcpu: 10', 'hw.packages: 1', 'hw.memsize: 17179869184',
  'kern.boottime: { sec = 1794996000, usec = 0 } Wed Nov 18 10:00:00 2026', 'vm.swapusage: total = 1024.00M  used = 120.25M  free = 903.75M  (encrypted)',
  '@@end sysctl rc=0',
  '@@begin profiler',
  JSON.stringify({
    SPHardwareDataType: [{ _name: 'hardware_overview', machine_model: 'MacBookPro18,3', machine_name: 'MacBook Pro', serial_number: 'C02XK1ABCDEF', platform_UUID: 'A1B2C3D4-0000-1111-2222-333344445555', boot_rom_version: '10151.101.3', chip_type: 'Apple M1 Pro', physical_memory: '16 GB' }],
    SPMemoryDataType: [{ _name: 'spmemory', dimm_manufacturer: 'Hynix', dimm_type: 'LPDDR5', SPMemoryDataType: '16 GB' }],
    SPNVMeDataType: [{ _name: 'Apple SSD Controller', _items: [{ _name: 'APPLE SSD AP0512R', bsd_name: 'disk0', device_model: 'APPLE SSD AP0512R', device_revision: '459.100.', device_serial: '0ba01234567890ab', size_in_bytes: 500277790720, smart_status: 'Verified' }] }],
    SPSerialATADataType: [],
    SPStorageDataType: [{ _name: 'Macintosh HD - Données', bsd_name: 'disk3s5', file_system: 'APFS', mount_point: '/System/Volumes/Data', size_in_bytes: 494384795648, free_space_in_bytes: 200000000000 }],
    SPPowerDataType: [{ _name: 'spbattery_information', sppower_battery_charge_info: { sppower_battery_state_of_charge: 80, sppower_battery_is_charging: 'FALSE' }, sppower_battery_health_info: { sppower_battery_cycle_count: 321, sppower_battery_health: 'Good', sppower_battery_health_maximum_capacity: '76%' }, sppower_battery_model_info: { sppower_battery_serial_number: 'F8Y1234', sppower_battery_manufacturer: 'SMP', sppower_battery_device_name: 'bq40z651' } }],
    SPDisplaysDataType: [{ _name: 'Apple M1 Pro', sppci_model: 'Apple M1 Pro', spdisplays_vendor: 'sppci_vendor_Apple', spdisplays_ndrvs: [{ _name: 'Color LCD', _spdisplays_resolution: '3024 x 1964 Retina', spdisplays_main: 'spdisplays_yes', spdisplays_connection_type: 'spdisplays_internal' }] }],
    SPUSBDataType: [{ _name: 'USB31Bus', _items: [{ _name: 'USB Receiver', manufacturer: 'Logitech', product_id: '0xc52b', vendor_id: '0x046d  (Logitech Inc.)', serial_num: 'ABC' }] }],
    SPPrintersDataType: [],
    SPNetworkDataType: [{ _name: 'Wi-Fi', interface: 'en0', type: 'AirPort', hardware: 'AirPort', Ethernet: { 'MAC Address': 'F0:18:98:AA:BB:CC' }, IPv4: { Addresses: ['192.168.1.30'] } }],
  }),
  '@@end profiler rc=0',
  '@@begin df', 'Filesystem 1024-blocks Used Available Capacity Mounted on', '@@end df rc=0',
  '@@done',
].join('\n');
