"""What a terminal that shows state (not an error) says: `git status`, `df -h`, `docker ps`,
`kubectl get pods`, read from its OCR text.

"Which disk is almost full?", "what's still uncommitted?", "which container is broken?": the
1.5B, handed the aligned columns, named the wrong disk (a snap loop device shows 100 % by design),
left out files and picked a healthy container. Each reader turns the columns into named facts;
OCR may drop a cell (an empty PORTS column, a "/" mount), so each row is read by what its cells
look like, not by position.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field


@dataclass(frozen=True)
class GitStatus:
    branch: str
    staged: list[str] = field(default_factory=list)
    unstaged: list[str] = field(default_factory=list)
    untracked: list[str] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)
    upstream: str = ""
    """"ahead of 'origin/x' by 2 commits", from git's "Your branch is ..." line."""


@dataclass(frozen=True)
class Disk:
    filesystem: str
    percent: int
    mount: str
    avail: str


@dataclass(frozen=True)
class DiskUsage:
    fullest: list[Disk]
    """Real disks, fullest first (snap loop devices, tmpfs and overlays left out)."""
    full_images: list[str]
    """Read-only images that always show 100 % (snap's /dev/loopN)."""


@dataclass(frozen=True)
class Workload:
    name: str
    status: str
    ports: list[tuple[str, str]] = field(default_factory=list)
    """(host port, container port)."""


@dataclass(frozen=True)
class Workloads:
    tool: str
    """"docker ps" or "kubectl get pods"."""
    failing: list[Workload]
    ports: list[Workload]


ScreenState = GitStatus | DiskUsage | Workloads

_BRANCH = re.compile(r"\bOn branch (\S+)|\bHEAD detached at (\S+)")
_SECTIONS = {"changes to be committed": "staged", "changes not staged for commit": "unstaged",
             "untracked files": "untracked", "unmerged paths": "conflicts"}
_ENTRY = re.compile(r"^\s*(?:modified|new file|deleted|renamed|typechange|both modified|both added|"
                    r"deleted by us|deleted by them|added by us|added by them)\s*:\s*(\S.*?)\s*$")
_HINT = re.compile(r"^\s*\(use |^\s*(no changes added|nothing added|nothing to commit)", re.IGNORECASE)


def git_status(lines: list[str]) -> GitStatus | None:
    branch = next((m.group(1) or m.group(2) for m in map(_BRANCH.search, lines) if m), None)
    if branch is None:
        return None
    found: dict[str, list[str]] = {"staged": [], "unstaged": [], "untracked": [], "conflicts": []}
    upstream = next((line.strip()[len("Your branch is "):].rstrip(".") for line in lines
                     if line.strip().startswith("Your branch is ")), "")
    section = ""
    for line in lines:
        stripped = line.strip()
        if stripped.rstrip(":").lower() in _SECTIONS:
            section = _SECTIONS[stripped.rstrip(":").lower()]
        elif not stripped or _HINT.search(line):
            continue
        elif (entry := _ENTRY.match(line)) and section:
            found[section].append(entry.group(1).split(" -> ")[-1])
        elif section == "untracked" and line[:1].isspace():
            found[section].append(stripped)
        elif not line[:1].isspace():
            section = ""  # an unindented line (the next prompt, a message) ends the section
    return GitStatus(branch, found["staged"], found["unstaged"], found["untracked"], found["conflicts"], upstream)


_DF_HEADER = re.compile(r"^\s*Filesystem\b.*\b(Use%|Capacity)", re.IGNORECASE)
_DF_ROW = re.compile(r"^\s*(\S+)\s+(?:\S+\s+){1,3}?(\S+)\s+(\d{1,3})%\s*(\S.*)?$")
_NOT_A_DISK = re.compile(r"^(/dev/loop\d*|tmpfs|devtmpfs|udev|overlay|shm|none|squashfs|efivarfs|map\s)")


def disk_usage(lines: list[str]) -> DiskUsage | None:
    start = next((i for i, line in enumerate(lines) if _DF_HEADER.search(line)), None)
    if start is None:
        return None
    disks, images = [], []
    for line in lines[start + 1:]:
        row = _DF_ROW.match(line)
        if not row:
            continue
        fs, avail, percent, mount = row.group(1), row.group(2), int(row.group(3)), (row.group(4) or "").strip()
        if fs.startswith("/dev/loop"):
            if percent == 100:
                images.append(fs)
        elif not _NOT_A_DISK.match(fs):
            disks.append(Disk(fs, percent, mount, avail))
    if not disks:
        return None
    return DiskUsage(sorted(disks, key=lambda d: -d.percent), images)


_CONTAINER_ROW = re.compile(r"^\s*[0-9a-f]{12}\s")
_SPAN = r"(?: (?:about|less|than|an?|\d+|seconds?|minutes?|hours?|days?|weeks?|months?|years?))*"
"""Docker's durations: "3 hours", "About a minute", "Less than a second"."""
_DOCKER_STATUS = re.compile(rf"\b(Up{_SPAN}(?: \((?:healthy|unhealthy|health: starting|Paused)\))?|"
                            rf"(?:Exited|Restarting) \(\d+\){_SPAN} ago|Created|Dead|Removal In Progress)",
                            re.IGNORECASE)
_PORT = re.compile(r"(?:(?:\d{1,3}\.){3}\d{1,3}|\[?::\]?):(\d+)->(\d+)/(?:tcp|udp)")
_POD_ROW = re.compile(r"^\s*(\S+)\s+(\d+)/(\d+)\s+(\S+)\s+(\d+)(?:\s+\([^)]*\))?\s+\S+\s*$")
_POD_HEADER = re.compile(r"\bNAME\s+READY\s+STATUS\s+RESTARTS\b")
_POD_OK = {"running", "completed", "succeeded"}


def workloads(lines: list[str]) -> Workloads | None:
    if any("CONTAINER ID" in line and "NAMES" in line for line in lines):
        rows = []
        for line in lines:
            if not _CONTAINER_ROW.match(line):
                continue
            status = _DOCKER_STATUS.search(line)
            ports = list(dict.fromkeys((host, inner) for host, inner in _PORT.findall(line)))
            rows.append(Workload(line.split()[-1], status.group(1).strip() if status else "", ports))
        failing = [w for w in rows if w.status and (not w.status.lower().startswith("up")
                                                    or "unhealthy" in w.status.lower())]
        return Workloads("docker ps", failing, [w for w in rows if w.ports]) if rows else None
    if any(_POD_HEADER.search(line) for line in lines):
        pods = [m for m in map(_POD_ROW.match, lines) if m]
        failing = [Workload(m.group(1), f"{m.group(4)}, {m.group(2)}/{m.group(3)} ready, {m.group(5)} restarts")
                   for m in pods if m.group(4).lower() not in _POD_OK
                   or (m.group(4).lower() == "running" and m.group(2) != m.group(3))]
        return Workloads("kubectl get pods", failing, []) if pods else None
    return None


def screen_state(text: str) -> ScreenState | None:
    """What a state screen shows, or None when the text is none of the screens above."""
    lines = text.splitlines()
    return git_status(lines) or disk_usage(lines) or workloads(lines)


__all__ = ["Disk", "DiskUsage", "GitStatus", "ScreenState", "Workload", "Workloads", "screen_state"]
