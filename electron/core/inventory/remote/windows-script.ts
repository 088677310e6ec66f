/**
 * The Windows collector: PowerShell 5.1+ CIM queries, one JSON document between markers. Each query
 * is wrapped so a failure (access denied, class missing) becomes `{ok:false,error}` for that part only.
 * Sent as `powershell -EncodedCommand` so no quoting survives the remote shell.
 */
import { powershellCommand } from '../../ssh/powershell';

export const WINDOWS_SCRIPT = String.raw`
$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'
function Q([scriptblock]$block) {
  $sw = [Diagnostics.Stopwatch]::StartNew()
  try { $d = @(& $block); @{ ok = $true; ms = $sw.ElapsedMilliseconds; data = $d } }
  catch { @{ ok = $false; ms = $sw.ElapsedMilliseconds; error = $_.Exception.Message } }
}
function Chars($a) { if ($a) { -join [char[]]($a | Where-Object { $_ -ne 0 }) } }
$r = [ordered]@{
  computerSystem = Q { Get-CimInstance Win32_ComputerSystem | Select-Object Manufacturer,Model,SystemSKUNumber,TotalPhysicalMemory,Name }
  product = Q { Get-CimInstance Win32_ComputerSystemProduct | Select-Object IdentifyingNumber,UUID }
  enclosure = Q { Get-CimInstance Win32_SystemEnclosure | Select-Object ChassisTypes }
  bios = Q { Get-CimInstance Win32_BIOS | Select-Object Manufacturer,SMBIOSBIOSVersion,ReleaseDate,SerialNumber }
  firmware = Q { $env:firmware_type }
  secureBoot = Q { Confirm-SecureBootUEFI }
  board = Q { Get-CimInstance Win32_BaseBoard | Select-Object Manufacturer,Product,Version,SerialNumber,Tag }
  cpu = Q { Get-CimInstance Win32_Processor | Select-Object Name,Manufacturer,NumberOfCores,NumberOfLogicalProcessors,MaxClockSpeed,CurrentClockSpeed,VirtualizationFirmwareEnabled }
  memory = Q { Get-CimInstance Win32_PhysicalMemory | Select-Object DeviceLocator,Capacity,SMBIOSMemoryType,Speed,ConfiguredClockSpeed,Manufacturer,PartNumber,SerialNumber,FormFactor }
  pageFile = Q { Get-CimInstance Win32_PageFileUsage | Select-Object AllocatedBaseSize }
  disks = Q { Get-CimInstance Win32_DiskDrive | Select-Object Index,Model,SerialNumber,FirmwareRevision,Size,InterfaceType,Status }
  physicalDisks = Q { Get-PhysicalDisk | Select-Object DeviceId,MediaType,BusType,HealthStatus }
  volumes = Q { Get-CimInstance Win32_LogicalDisk -Filter 'DriveType=3' | Select-Object DeviceID,FileSystem,Size,FreeSpace,VolumeName,VolumeSerialNumber }
  bitlocker = Q { Get-CimInstance -Namespace root\cimv2\Security\MicrosoftVolumeEncryption -ClassName Win32_EncryptableVolume | Select-Object DriveLetter,ProtectionStatus,EncryptionMethod }
  adapters = Q { Get-CimInstance Win32_NetworkAdapter -Filter 'PhysicalAdapter=True' | Select-Object Index,NetConnectionID,Name,MACAddress,Speed,NetConnectionStatus,AdapterType }
  ipConfig = Q { Get-CimInstance Win32_NetworkAdapterConfiguration -Filter 'IPEnabled=True' | Select-Object Index,IPAddress,IPSubnet }
  os = Q { Get-CimInstance Win32_OperatingSystem | Select-Object Caption,Version,BuildNumber,OSArchitecture,CSName,LastBootUpTime,LocalDateTime }
  battery = Q { Get-CimInstance Win32_Battery | Select-Object Name,DeviceID,EstimatedChargeRemaining,BatteryStatus,Chemistry }
  batteryStatic = Q { Get-CimInstance -Namespace root\wmi -ClassName BatteryStaticData | Select-Object DesignedCapacity,ManufactureName,SerialNumber }
  batteryFull = Q { Get-CimInstance -Namespace root\wmi -ClassName BatteryFullChargedCapacity | Select-Object FullChargedCapacity }
  batteryCycles = Q { Get-CimInstance -Namespace root\wmi -ClassName BatteryCycleCount | Select-Object CycleCount }
  gpus = Q { Get-CimInstance Win32_VideoController | Select-Object Name,AdapterCompatibility,AdapterRAM,DriverVersion,CurrentHorizontalResolution,CurrentVerticalResolution,PNPDeviceID }
  monitors = Q { Get-CimInstance -Namespace root\wmi -ClassName WmiMonitorID | ForEach-Object { [pscustomobject]@{ Manufacturer = Chars $_.ManufacturerName; Model = Chars $_.UserFriendlyName; Serial = Chars $_.SerialNumberID } } }
  usb = Q { Get-CimInstance Win32_PnPEntity -Filter "DeviceID LIKE 'USB\\VID%'" | Select-Object Name,Manufacturer,DeviceID }
  printers = Q { Get-CimInstance Win32_Printer | Select-Object Name,DriverName,PortName,PrinterStatus,Default,Shared,Network }
  temperature = Q { Get-CimInstance -Namespace root\wmi -ClassName MSAcpi_ThermalZoneTemperature | Select-Object CurrentTemperature }
}
'@@atelier-inventory-json 1'
$r | ConvertTo-Json -Depth 6 -Compress
'@@done'
`;

/** The command line for the remote shell: PowerShell reads the script as base64 UTF-16LE. */
export function windowsCommand(): string {
  return powershellCommand(WINDOWS_SCRIPT);
}
