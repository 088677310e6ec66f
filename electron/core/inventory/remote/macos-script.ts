/**
 * The macOS collector: `system_profiler -json` for the hardware, sysctl/sw_vers/df for the rest, in the
 * same marker format as the Linux script (markers.ts). Needs no administrator rights.
 */
export const MACOS_SCRIPT = String.raw`
export LC_ALL=C
section() { name=$1; shift; echo "@@begin $name"; "$@" 2>/dev/null; rc=$?; echo; echo "@@end $name rc=$rc"; }
echo "@@atelier-inventory 1"
section sw_vers sw_vers
section uname uname -srm
section hostname hostname
section date date -u +%Y-%m-%dT%H:%M:%SZ
section sysctl sysctl machdep.cpu.brand_string machdep.cpu.vendor hw.physicalcpu hw.logicalcpu hw.packages hw.memsize hw.cpufrequency_max kern.boottime machdep.cpu.features machdep.cpu.leaf7_features vm.swapusage
section profiler system_profiler -json -detailLevel mini SPHardwareDataType SPMemoryDataType SPStorageDataType SPNVMeDataType SPSerialATADataType SPPowerDataType SPDisplaysDataType SPUSBDataType SPPrintersDataType SPNetworkDataType
section df df -P -k
section ifconfig ifconfig
echo "@@done"
`;
