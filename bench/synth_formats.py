#!/usr/bin/env python3
"""Synthetic logs of layouts the Loghub samples lack, with known ground truth,
to measure grouping accuracy (GA) on formats nobody tuned for.

Each format is a header layout taken from the software's own format string
or documentation (cited beside it) and a small catalog of messages written
here (invented, in the style of the software; no real log was read). Lines
get random values, so every line's true template is known.

Usage: bench/synth_formats.py [--binary target/release/logwarden] [--lines 2000] [--seed 1]
       bench/synth_formats.py --write DIR   (writes FORMAT.log and FORMAT.truth)
"""

import argparse
import os
import random
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from eval_grouping import grouping_accuracy  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
WORDS = ["alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi", "ivan", "judy",
         "mallory", "oscar", "peggy", "trent", "victor", "walter", "admin", "guest", "backup"]
HOSTS = ["api.example.net", "cdn.example.org", "mail.corp.local", "db.internal", "www.test.com",
         "login.live.example", "static.site.io", "proxy.lab.edu"]


class V:
    """Random values for one line."""

    def __init__(self, r):
        self.r = r

    def num(self, a=0, b=99999):
        return str(self.r.randint(a, b))

    def hexs(self, n):
        return "".join(self.r.choice("0123456789abcdef") for _ in range(n))

    def uuid(self):
        return f"{self.hexs(8)}-{self.hexs(4)}-{self.hexs(4)}-{self.hexs(4)}-{self.hexs(12)}"

    def ip(self):
        return ".".join(str(self.r.randint(1, 254)) for _ in range(4))

    def word(self):
        return self.r.choice(WORDS)

    def host(self):
        return self.r.choice(HOSTS)

    def path(self):
        return "/" + "/".join(self.r.choice(["var", "lib", "data", "tmp", "srv", "img", "cache"])
                              for _ in range(self.r.randint(1, 4))) + f"/f{self.num(0, 999)}.dat"

    def real(self):
        return f"{self.r.random() * 100:.{self.r.randint(1, 4)}f}"

    def pick(self, *xs):
        return self.r.choice(xs)


def ts_iso(v, sep=" ", frac=","):
    return (f"2021-0{v.r.randint(1, 9)}-{v.r.randint(10, 28)}{sep}{v.r.randint(10, 23)}:"
            f"{v.r.randint(10, 59)}:{v.r.randint(10, 59)}{frac}{v.r.randint(100, 999)}")


# --- formats -------------------------------------------------------------
# Each: (header(v, template_index) -> str, [message(v) -> str, ...]).

# 1. `|`-delimited app log: `<yyyymmdd-hh:mm:ss:ms>|<component>|<pid>|<message>` (the layout
#    named in the task; a fitness app's step counter style messages, invented).
PIPE_COMPONENTS = ["Sync_Worker", "Sync_Prefs", "Pedo_Receiver", "Data_StatStore",
                   "Pedo_Sensor", "Cloud_Uploader"]
PIPE_MSGS = [
    lambda v: f"onCounterChanged {v.num()}",
    lambda v: f"onBatch:{v.num()} {v.num(0, 9)} {v.num(0, 9)} {v.num(0, 9)}",
    lambda v: f"saveDailyTotals={v.num()}##{v.num()}##{v.num()}",
    lambda v: f"STATS : {v.num()} {v.num()} {v.num()} {v.real()}",
    lambda v: "handleIntent action:android.intent.action.BATTERY_LOW",
    lambda v: "handleIntent action:android.intent.action.DATE_CHANGED",
    lambda v: f"drain sensor queue",
    lambda v: f"loadDailyTotals = {v.num()}##{v.num()}##{v.num()}",
    lambda v: f"screenOnCount {v.num()}",
    lambda v: f"timeTick {v.num()}",
    lambda v: f"batteryLevel {v.num(0, 100)}",
    lambda v: f"upload user {v.word()} data to cloud failed, retry later",
    lambda v: f"checkInsertStatus insert status is false , reason {v.pick('timeout', 'busy', 'offline')}",
]


def pipe_header(v, i):
    return (f"2017{v.r.randint(10, 12)}{v.r.randint(10, 28)}-{v.r.randint(10, 23)}:{v.r.randint(10, 59)}:"
            f"{v.r.randint(10, 59)}:{v.r.randint(100, 999)}|{PIPE_COMPONENTS[(i + v.r.randint(0, 1)) % 6]}"
            f"|{v.num(30002312, 30002399)}|")


# 2. Bracketed time before a program name: `[mm.dd hh:mm:ss] prog.exe - <message>` (the
#    layout named in the task for a desktop proxy client); parenthesised parts come and go.
PROGS = ["chrome.exe", "firefox.exe", "outlook.exe", "svchost.exe", "Dropbox.exe", "git-remote-https.exe",
         "chrome.exe *64", "Skype.exe *64"]


def kb(v, n):
    return f"{n} bytes ({n / 1024:.1f} KB)" if n >= 1024 else f"{n} bytes"


PROXY_MSGS = [
    lambda v: f"{v.host()}:{v.pick('80', '443', '5070')} tunnel via gateway gw.lab.edu:5070 SOCKS5",
    lambda v: (f"{v.host()}:{v.pick('80', '443')} ended, {kb(v, v.r.randint(10, 90000))} out, "
               f"{kb(v, v.r.randint(10, 900000))} in, duration {v.pick('<1 sec', '00:0' + v.num(1, 9))}"),
    lambda v: f"{v.host()}:{v.pick('80', '443')} failure : gateway gw.lab.edu:5070 refused the tunnel - "
              "upstream rejected the request, reply code 403",
    lambda v: f"{v.host()}:{v.pick('80', '443')} bypassing gateway",
    lambda v: f"gw.lab.edu:5070 failure : the peer reset the connection before the handshake ended.",
    # (Worded apart from the message above: with the same words the two
    # are one template to any parser.)
    lambda v: f"{v.ip()}:{v.num(1, 65535)} dropped, {kb(v, v.r.randint(10, 5000))} out, {kb(v, v.r.randint(10, 5000))} "
              f"in, duration 00:{v.num(10, 59)}",
]


def proxy_header(v, i):
    return f"[{v.r.randint(10, 12)}.{v.r.randint(10, 30)} {v.r.randint(10, 23)}:{v.r.randint(10, 59)}:{v.r.randint(10, 59)}] {v.r.choice(PROGS)} - "


# 3. oslo.log (OpenStack) defaults, oslo_log/_options.py:
#    logging_context_format_string = "%(asctime)s.%(msecs)03d %(process)d %(levelname)s %(name)s
#        [%(global_request_id)s %(request_id)s %(user_identity)s] %(instance)s%(message)s"
#    logging_default_format_string = "... %(name)s [-] %(instance)s%(message)s"
#    logging_user_identity_format = "%(user)s %(project)s %(domain)s %(user_domain)s %(project_domain)s"
#    instance_format = "[instance: %(uuid)s] "
OSLO_MSGS = [
    ("nova.osapi_compute.wsgi.server", True, lambda v: f"{v.ip()} \"GET /v2/{v.hexs(32)}/servers/detail HTTP/1.1\" "
     f"status: 200 len: {v.num(1000, 2000)} time: 0.{v.num(1000000, 9999999)}"),
    ("nova.osapi_compute.wsgi.server", True, lambda v: f"{v.ip()} \"POST /v2/{v.hexs(32)}/os-server-external-events "
     f"HTTP/1.1\" status: 200 len: {v.num(300, 400)} time: 0.{v.num(1000000, 9999999)}"),
    ("nova.compute.manager", True, lambda v: f"[instance: {v.uuid()}] VM Started (Lifecycle Event)"),
    ("nova.compute.manager", True, lambda v: f"[instance: {v.uuid()}] Took {v.real()} seconds to build instance."),
    ("nova.compute.manager", False, lambda v: "Running instance usage audit for host cp-1.example.net from "
     f"2017-05-{v.num(10, 28)} 0{v.num(0, 9)}:00:00 to 2017-05-16 0{v.num(0, 9)}:00:00. {v.num(0, 9)} instances."),
    ("nova.compute.resource_tracker", False, lambda v: f"Final resource view: name=cp-1.example.net phys_ram={v.num()}MB "
     f"used_ram={v.num()}MB phys_disk={v.num(1, 99)}GB used_disk={v.num(1, 99)}GB total_vcpus={v.num(1, 64)} used_vcpus={v.num(1, 64)} pci_stats=[]"),
    ("nova.compute.resource_tracker", False, lambda v: "Auditing locally available compute resources for node cp-1.example.net"),
    ("nova.virt.libvirt.imagecache", False, lambda v: f"image {v.uuid()} at ({v.path()}): checking"),
    ("nova.virt.libvirt.imagecache", False, lambda v: f"Active base files: {v.path()}"),
    ("nova.metadata.wsgi.server", True, lambda v: f"{v.ip()},{v.ip()} \"GET /openstack/2013-10-17/meta_data.json HTTP/1.1\" "
     f"status: 200 len: {v.num(900, 999)} time: {v.real()}"),
    ("nova.compute.claims", True, lambda v: f"[instance: {v.uuid()}] Attempting claim: memory {v.num(1, 4096)} MB, disk {v.num(1, 40)} GB, vcpus {v.num(1, 8)} CPU"),
    ("nova.compute.manager", True, lambda v: f"[instance: {v.uuid()}] During sync_power_state the instance has a pending task (spawning). Skip."),
]


def oslo_header(v, i):
    name, ctx, _ = OSLO_MSGS[i]
    level = "WARNING" if i == 5 else "INFO"
    head = f"{ts_iso(v, ' ', '.')} {v.num(1000, 40000)} {level} {name} "
    if ctx:
        return head + f"[req-{v.uuid()} {v.hexs(32)} {v.hexs(32)} - - -] "
    return head + "[-] "


# 4. Android logcat `-v threadtime` (liblog logprint.c: "%s %5d %5d %c %-8s: "):
#    `mm-dd hh:mm:ss.mmm  pid  tid L tag     : message`.
LOGCAT_MSGS = [
    ("WindowManager", lambda v: f"relayout window = Window{{{v.hexs(7)} u0 com.example.app/.Main}}, visible= {v.pick('true', 'false')}, focused =  false"),
    ("PowerManagerService", lambda v: f"drop wakelock id={v.num()}, flags=0x0, tag=\"SyncLoop\", owner=com.example.sync, uid={v.num(1000, 1999)}, pid={v.num()}"),
    ("PowerManagerService", lambda v: f"take wakelock id={v.num()}, flags=0x1, tag=\"*timer*\", owner=android, source=Source{{{v.num(10000, 10999)}}}, uid={v.num(1000, 1999)}, pid={v.num()}"),
    ("DisplayPowerController", lambda v: f"Animating brightness: target={v.num(0, 255)}, rate={v.num(0, 400)}"),
    ("ActivityManager", lambda v: f"Start proc {v.num()}:com.example.{v.word()}/u0a{v.num(10, 300)} for service com.example.{v.word()}/.SyncService"),
    ("ActivityManager", lambda v: "Killing processes: empty #17"),
    ("WifiStateMachine", lambda v: f"WifiStateMachine: handleMessage CMD_RSSI_POLL rssi=-{v.num(30, 90)}"),
    ("KeyguardUpdateMonitor", lambda v: f"handleBatteryUpdate status={v.num(1, 5)} level={v.num(0, 100)}"),
    ("AudioManager", lambda v: f"setStreamVolume: stream {v.num(0, 9)} volume {v.num(0, 15)} from {v.word()}"),
]


def logcat_header(v, i):
    return (f"0{v.r.randint(1, 9)}-{v.r.randint(10, 28)} {v.r.randint(10, 23)}:{v.r.randint(10, 59)}:{v.r.randint(10, 59)}."
            f"{v.r.randint(100, 999)} {v.r.randint(1, 32000):>5} {v.r.randint(1, 32000):>5} "
            f"{'DIVWE'[i % 5]} {LOGCAT_MSGS[i][0]:<8}: ")


# 5. Hadoop MapReduce container log4j (container-log4j.properties:
#    ConversionPattern=%d{ISO8601} %p [%t] %c: %m%n).
HADOOP_MSGS = [
    ("org.apache.hadoop.mapreduce.v2.app.MRAppMaster", lambda v: f"Created MRAppMaster for application appattempt_{v.num(10**12, 10**13)}_{v.num(1000, 9999)}_{v.num(1, 9):0>6}"),
    ("org.apache.hadoop.mapred.TaskAttemptListenerImpl", lambda v: f"Progress of TaskAttempt attempt_{v.num(10**12, 10**13)}_{v.num(1000, 9999)}_m_{v.num(1, 99):0>6}_{v.num(0, 3)} is : {v.r.random():.8f}"),
    ("org.apache.hadoop.mapreduce.v2.app.rm.RMContainerAllocator", lambda v: f"Recalculating schedule, headroom=<memory:{v.num()}, vCores:{v.num(-5, 5)}>"),
    ("org.apache.hadoop.mapreduce.v2.app.rm.RMContainerAllocator", lambda v: "Reduce slow start threshold not met. completedMapsForReduceSlowstart 1"),
    ("org.apache.hadoop.ipc.Client", lambda v: f"Retrying connect to server: {v.host()}/{v.ip()}:{v.num(1000, 9999)}. Already tried {v.num(0, 9)} time(s); maxRetries=45"),
    ("org.apache.hadoop.mapreduce.v2.app.job.impl.TaskAttemptImpl", lambda v: f"attempt_{v.num(10**12, 10**13)}_{v.num(1000, 9999)}_m_{v.num(1, 99):0>6}_{v.num(0, 3)} TaskAttempt Transitioned from {v.pick('NEW', 'UNASSIGNED', 'ASSIGNED', 'RUNNING')} to {v.pick('UNASSIGNED', 'ASSIGNED', 'RUNNING', 'SUCCEEDED')}"),
    ("org.apache.hadoop.hdfs.LeaseRenewer", lambda v: f"Failed to renew lease for [DFSClient_NONMAPREDUCE_{v.num()}_{v.num(1, 9)}] for {v.num(1, 999)} seconds.  Will retry shortly ..."),
    ("org.apache.hadoop.yarn.event.AsyncDispatcher", lambda v: "Registering class org.apache.hadoop.mapreduce.v2.app.job.event.JobEventType for class org.apache.hadoop.mapreduce.v2.app.job.impl.JobImpl$JobEventDispatcher"),
    ("org.apache.hadoop.mapred.Task", lambda v: f"Task:attempt_{v.num(10**12, 10**13)}_{v.num(1000, 9999)}_r_{v.num(1, 99):0>6}_0 is done. And is in the process of committing"),
]


def hadoop_header(v, i):
    # The call site fixes the level; the thread is one of two kinds, its numbers vary.
    threads = ["main", "RMCommunicator Allocator", f"IPC Server handler {v.num(0, 49)} on {v.num(10000, 65000)}",
               f"LeaseRenewer:{v.word()}@node-{v.num(1, 99)}:9000", "AsyncDispatcher event handler"]
    thread = threads[(i + v.r.randint(0, 1)) % len(threads)]
    return f"{ts_iso(v)} {'WARN' if i in (4, 6) else 'INFO'} [{thread}] {HADOOP_MSGS[i][0]}: "


# 6. Windows CBS.log (component-based servicing): `yyyy-mm-dd hh:mm:ss, <Level padded to 24> <Source padded> <message>`.
CBS_MSGS = [
    ("CBS", lambda v: f"Loaded Servicing Stack v6.1.7601.{v.num(20000, 23999)} with Core: C:\\Windows\\winsxs\\amd64_servicingstack_{v.hexs(16)}\\cbscore.dll"),
    ("CSI", lambda v: f"{v.hexs(8)}@2016/9/28:{v.num(10, 23)}:{v.num(10, 59)}:{v.num(10, 59)}.{v.num(100, 999)} WcpInitialize (wcp.dll version 0.0.0.6) called (stack @0x{v.hexs(12)} @0x{v.hexs(12)})"),
    ("CBS", lambda v: f"Ending TrustedInstaller initialization."),
    ("CBS", lambda v: f"Starting the TrustedInstaller main loop."),
    ("CBS", lambda v: f"Session: {v.num(30000000, 39999999)}_{v.num()} initialized by client WindowsUpdateAgent."),
    ("CBS", lambda v: f"Read out cached package applicability for package: Package_for_KB{v.num(2000000, 3999999)}~31bf3856ad364e35~amd64~~6.1.1.{v.num(0, 9)}, ApplicableState: {v.pick('80', '112')}, CurrentState:{v.pick('0', '112')}"),
    ("CBS", lambda v: f"Warning: Unrecognized packageExtended attribute."),
    ("CBS", lambda v: f"Failed to internally open package. [HRESULT = 0x{v.hexs(8)} - CBS_E_INVALID_PACKAGE]"),
    ("CBS", lambda v: f"SQM: Initializing online with Windows opt-in: {v.pick('False', 'True')}"),
]


def cbs_header(v, i):
    level = "Info" if i not in (6, 7) else v.pick("Warning", "Error")
    return f"2016-09-{v.num(10, 29)} {v.num(10, 23)}:{v.num(10, 59)}:{v.num(10, 59)}, {level:<23} {CBS_MSGS[i][0]:<7}"


# 7. BSD syslog with a PRI prefix (RFC 3164: `<PRI>Mmm dd hh:mm:ss host tag[pid]: msg`): the first
#    token is not a time, and the pid bracket may be missing.
SYSLOG_MSGS = [
    ("sshd", lambda v: f"Accepted publickey for {v.word()} from {v.ip()} port {v.num(1024, 65535)} ssh2"),
    ("sshd", lambda v: f"pam_unix(sshd:session): session closed for user {v.word()}"),
    ("CRON", lambda v: f"({v.word()}) CMD (run-parts /etc/cron.hourly)"),
    ("kernel", lambda v: f"[{v.num(1, 99999)}.{v.num(100000, 999999)}] usb {v.num(1, 4)}-{v.num(1, 4)}: new high-speed USB device number {v.num(1, 30)} using xhci_hcd"),
    ("kernel", lambda v: f"[{v.num(1, 99999)}.{v.num(100000, 999999)}] EXT4-fs (sda{v.num(1, 4)}): mounted filesystem with ordered data mode. Opts: (null)"),
    ("systemd", lambda v: f"Started Session {v.num(1, 9999)} of user {v.word()}."),
    ("dhclient", lambda v: f"DHCPACK of {v.ip()} from {v.ip()}"),
    ("postfix/smtpd", lambda v: f"connect from unknown[{v.ip()}]"),
    ("postfix/smtpd", lambda v: f"disconnect from {v.host()}[{v.ip()}] ehlo=1 mail=1 rcpt=0/1 quit=1 commands=3/4"),
]


def syslog_header(v, i):
    tag = SYSLOG_MSGS[i][0]
    pid = "" if tag == "kernel" else f"[{v.num(100, 40000)}]"
    month = v.pick("Jan", "Feb", "Mar", "Oct", "Nov")
    return f"<{v.num(0, 191)}>{month} {v.num(1, 28):>2} {v.num(10, 23)}:{v.num(10, 59)}:{v.num(10, 59)} {v.pick('web01', 'db02', 'edge')} {tag}{pid}: "


# 8. Level first, then thread and an ISO time: a logback-style `%-5level [%thread] %date{ISO8601} %logger{36} - %msg`
#    (logback PatternLayout conversion words), so the line does not start with a time.
LEVEL_MSGS = [
    lambda v: f"Connection to {v.host()}:{v.num(1000, 9999)} refused, retrying in {v.num(1, 60)} s",
    lambda v: f"User {v.word()} logged in from {v.ip()}",
    lambda v: f"Cache miss for key session:{v.hexs(16)}",
    lambda v: "Scheduler heartbeat",
    lambda v: f"Flushed {v.num()} records to {v.path()} in {v.num(1, 999)} ms",
    lambda v: f"Request {v.uuid()} completed with status {v.pick('200', '404', '500')}",
    lambda v: f"Configuration reloaded by {v.word()}",
]
LOGGERS = ["c.e.net.Client", "c.e.auth.Login", "c.e.cache.Store", "c.e.sched.Tick", "c.e.io.Flusher", "c.e.web.Request",
           "c.e.conf.Watch"]


def level_header(v, i):
    return f"{['INFO ', 'WARN ', 'DEBUG'][i % 3]} [{v.pick('main', 'pool-1-thread-' + v.num(1, 9), 'http-nio-8080-exec-' + v.num(1, 20))}] {ts_iso(v, 'T')} {LOGGERS[i]} - "


FORMATS = {
    "pipe": (pipe_header, PIPE_MSGS),
    "bracket_time": (proxy_header, PROXY_MSGS),
    "oslo": (oslo_header, [m for _, _, m in OSLO_MSGS]),
    "logcat": (logcat_header, [m for _, m in LOGCAT_MSGS]),
    "hadoop_log4j": (hadoop_header, [m for _, m in HADOOP_MSGS]),
    "windows_cbs": (cbs_header, [m for _, m in CBS_MSGS]),
    "syslog_pri": (syslog_header, [m for _, m in SYSLOG_MSGS]),
    "level_first": (level_header, LEVEL_MSGS),
}


def generate(name, lines, seed):
    """Lines and their true template indexes; template frequencies are skewed as in real logs."""
    header, msgs = FORMATS[name]
    r = random.Random(f"{name}-{seed}")
    weights = [1.0 / (k + 1) for k in range(len(msgs))]
    r.shuffle(weights)
    v = V(r)
    out, truth = [], []
    for _ in range(lines):
        i = r.choices(range(len(msgs)), weights)[0]
        out.append(header(v, i) + msgs[i](v))
        truth.append(i)
    return out, truth


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--binary", default=os.path.join(HERE, "..", "target", "release", "logwarden"))
    ap.add_argument("--lines", type=int, default=2000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--write")
    args = ap.parse_args()
    if args.write:
        os.makedirs(args.write, exist_ok=True)
        for name in FORMATS:
            lines, truth = generate(name, args.lines, args.seed)
            with open(os.path.join(args.write, name + ".log"), "w") as f:
                f.write("\n".join(lines) + "\n")
            with open(os.path.join(args.write, name + ".truth"), "w") as f:
                f.write("\n".join(map(str, truth)) + "\n")
        return
    scores = []
    with tempfile.TemporaryDirectory() as tmp:
        for name in FORMATS:
            lines, truth = generate(name, args.lines, args.seed)
            path = os.path.join(tmp, name + ".log")
            with open(path, "w") as f:
                f.write("\n".join(lines) + "\n")
            out = subprocess.run([args.binary, "templates", path], capture_output=True, text=True, check=True).stdout
            predicted = [row.split("\t")[1] for row in out.splitlines()]
            assert len(predicted) == len(truth), (name, len(predicted), len(truth))
            ga = grouping_accuracy(truth, predicted)
            scores.append(ga)
            print(f"{name:<13} {ga:.4f} ({len(set(predicted))} templates, truth {len(set(truth))})")
    print(f"{'mean':<13} {sum(scores) / len(scores):.4f}  min {min(scores):.4f}")


if __name__ == "__main__":
    main()
