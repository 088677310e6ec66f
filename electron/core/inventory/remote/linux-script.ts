/**
 * The Linux collector: POSIX sh, run over SSH (or locally with `sh -s`). It reads /proc, /sys, lsblk,
 * ip, and dmidecode / smartctl when present and permitted, and prints raw sections between markers:
 *
 *   @@atelier-inventory 1
 *   @@begin NAME t=NANOSECONDS
 *   ...raw output...
 *   @@end NAME rc=N t=NANOSECONDS
 *   @@status NAME CODE TOOL      (a section that could not be read, and why)
 *   @@done
 *
 * Parsing happens in Node (linux-parse.ts), so the script needs nothing beyond a POSIX shell and
 * coreutils; `@@done` proves the output is complete. Keep `${` out of this text (template literal).
 */
export const LINUX_SCRIPT = String.raw`
export LC_ALL=C
PATH="$PATH:/usr/sbin:/sbin:/usr/local/sbin"
have() { command -v "$1" >/dev/null 2>&1; }
now() { date +%s%N 2>/dev/null; }
section() { name=$1; shift; echo "@@begin $name t=$(now)"; "$@" 2>/dev/null; rc=$?; echo; echo "@@end $name rc=$rc t=$(now)"; }
status() { echo "@@status $1 $2 $3"; }
uid=$(id -u 2>/dev/null || echo 65534)
dmi_dir=/sys/class/dmi/id

echo "@@atelier-inventory 1"
section uname uname -srm
section hostname hostname
section uid echo "$uid"
section date date -u +%Y-%m-%dT%H:%M:%SZ
section os_release cat /etc/os-release
section uptime cat /proc/uptime
section machine_id cat /etc/machine-id
section timezone cat /etc/timezone

dmi_fields() {
  for f in sys_vendor product_name product_serial product_uuid product_sku chassis_type chassis_vendor \
           bios_vendor bios_version bios_date board_vendor board_name board_version board_serial board_asset_tag; do
    [ -r "$dmi_dir/$f" ] && printf '%s=%s\n' "$f" "$(cat "$dmi_dir/$f" 2>/dev/null)"
  done
  return 0
}
if [ -d "$dmi_dir" ]; then
  section dmi dmi_fields
  [ "$uid" != 0 ] && status dmi_serials needs_root dmidecode
else
  status dmi no_dmi -
fi
if [ -d /sys/firmware/efi ]; then section firmware echo uefi; else section firmware echo bios; fi
if [ -r /sys/firmware/efi/efivars/SecureBoot-8be4df61-93ca-11d2-aa0d-00e098032b8c ]; then
  section secureboot od -An -t u1 -j 4 -N 1 /sys/firmware/efi/efivars/SecureBoot-8be4df61-93ca-11d2-aa0d-00e098032b8c
fi

cpu_info() { awk '/^flags|^Features/ { if (seen++) next } { print }' /proc/cpuinfo; }
section cpuinfo cpu_info
cpu_freq() {
  d=/sys/devices/system/cpu/cpu0/cpufreq
  for f in cpuinfo_min_freq cpuinfo_max_freq base_frequency scaling_cur_freq; do
    [ -r "$d/$f" ] && printf '%s=%s\n' "$f" "$(cat "$d/$f")"
  done
  return 0
}
section cpufreq cpu_freq
section meminfo grep -E '^(MemTotal|SwapTotal):' /proc/meminfo

if [ ! -d /sys/firmware/dmi ] && [ ! -e /dev/mem ]; then status memory_modules no_dmi dmidecode
elif ! have dmidecode; then status memory_modules not_installed dmidecode
elif [ "$uid" != 0 ]; then status memory_modules needs_root dmidecode
else section dmidecode_memory dmidecode -t 17
fi

if have lsblk; then
  section lsblk lsblk -J -b -o NAME,KNAME,PKNAME,TYPE,SIZE,MODEL,SERIAL,REV,VENDOR,ROTA,TRAN,RM,MOUNTPOINT,FSTYPE,UUID,LABEL
else
  status disks not_installed lsblk
fi
section mounts cat /proc/mounts
if have timeout; then section df timeout 5 df -P -k; else section df df -P -k; fi

if ! have smartctl; then status smart not_installed smartctl
elif [ "$uid" != 0 ]; then status smart needs_root smartctl
else
  for dev in /sys/block/*; do
    n=$(basename "$dev")
    case "$n" in loop*|ram*|zram*|sr*|fd*|dm-*|md*|nbd*) continue ;; esac
    section "smart:$n" smartctl -j -i -H -A "/dev/$n"
  done
fi

if have ip; then section ip_addr ip -j addr; else status network not_installed ip; fi
net_sys() {
  for i in /sys/class/net/*; do
    n=$(basename "$i")
    w=0; [ -d "$i/wireless" ] && w=1
    v=0; case "$(readlink -f "$i")" in */virtual/*) v=1 ;; esac
    printf '%s speed=%s state=%s wifi=%s virtual=%s mac=%s mtu=%s\n' "$n" "$(cat "$i/speed" 2>/dev/null)" \
      "$(cat "$i/operstate" 2>/dev/null)" "$w" "$v" "$(cat "$i/address" 2>/dev/null)" "$(cat "$i/mtu" 2>/dev/null)"
  done
  return 0
}
section net_sys net_sys

batteries() {
  for b in /sys/class/power_supply/*; do
    [ "$(cat "$b/type" 2>/dev/null)" = Battery ] || continue
    echo "@battery $(basename "$b")"; cat "$b/uevent" 2>/dev/null
  done
  return 0
}
section battery batteries

if have lspci; then section gpus_lspci sh -c "lspci -mm -nn | grep -E 'VGA|3D|Display'"
else
  gpus_sys() {
    for d in /sys/bus/pci/devices/*; do
      case "$(cat "$d/class" 2>/dev/null)" in 0x03*) printf '%s %s %s\n' "$(basename "$d")" "$(cat "$d/vendor")" "$(cat "$d/device")" ;; esac
    done
    return 0
  }
  section gpus_sys gpus_sys
fi
displays() {
  for c in /sys/class/drm/card*-*; do
    [ "$(cat "$c/status" 2>/dev/null)" = connected ] && printf '%s modes=%s\n' "$(basename "$c")" "$(head -n1 "$c/modes" 2>/dev/null)"
  done
  return 0
}
section displays displays

usb() {
  for d in /sys/bus/usb/devices/*; do
    [ -r "$d/idVendor" ] || continue
    printf '%s|%s|%s|%s|%s|%s|%s\n' "$(basename "$d")" "$(cat "$d/idVendor")" "$(cat "$d/idProduct")" \
      "$(cat "$d/manufacturer" 2>/dev/null)" "$(cat "$d/product" 2>/dev/null)" "$(cat "$d/serial" 2>/dev/null)" "$(cat "$d/bDeviceClass" 2>/dev/null)"
  done
  return 0
}
if [ -d /sys/bus/usb/devices ]; then section usb usb; else status usb not_present -; fi

if have lpstat; then
  section printers lpstat -p
  section printer_uris lpstat -v
  section printer_default lpstat -d
else
  status printers not_installed lpstat
fi

temps() {
  for z in /sys/class/thermal/thermal_zone*; do
    [ -r "$z/temp" ] && printf 'zone %s %s\n' "$(cat "$z/type" 2>/dev/null)" "$(cat "$z/temp")"
  done
  for h in /sys/class/hwmon/hwmon*; do
    [ -r "$h/temp1_input" ] && printf 'hwmon %s %s\n' "$(cat "$h/name" 2>/dev/null)" "$(cat "$h/temp1_input")"
  done
  return 0
}
section temps temps
echo "@@done"
`;
