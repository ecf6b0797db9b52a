"""Screens that show state, not an error (`git status`, `df -h`, `docker ps`, `kubectl get pods`), are
read into facts that lead the answer."""

from __future__ import annotations

import pytest
from _scripted_app import app_with

from assistant.events import AnswerDone
from assistant.models.scripted import ScriptedChatModel
from assistant.screen_state_lead import state_lead
from assistant.session import Turn
from assistant.tools.ocr.state_screens import DiskUsage, GitStatus, Workloads, screen_state

GIT = """ben@mbp export-tool % git status
On branch feature/csv-export
Your branch is ahead of 'origin/feature/csv-export' by 2 commits.
  (use "git push" to publish your local commits)

Changes to be committed:
  (use "git restore --staged <file>..." to unstage)
        modified:   src/export.py
        renamed:    old.py -> src/new.py

Changes not staged for commit:
  (use "git add <file>..." to update what will be committed)
        modified:   README.md

Untracked files:
  (use "git add <file>..." to include in what will be committed)
        src/csv_utils.py
ben@mbp export-tool %"""

DF = """mia@nas:~$ df -h
Filesystem      Size  Used Avail Use% Mounted on
tmpfs           1.6G  2.1M  1.6G   1% /run
/dev/nvme0n1p2  234G  151G   71G  69%
/dev/loop0       64M   64M     0 100% /snap/core20/2318
/dev/loop1       75M   75M      100% /snap/lxd/28373
/dev/sda1       916G  871G   45G  96% /mnt/media"""

DOCKER = """$ docker ps
CONTAINER ID   IMAGE            COMMAND                  CREATED       STATUS                          PORTS                    NAMES
3f2a9c1b7d4e   nginx:1.25       "/docker-entrypoint.…"   3 hours ago   Up 3 hours                      0.0.0.0:8080->80/tcp     shop-web
a81d0e5c92f7   postgres:16      "docker-entrypoint.s…"   3 hours ago   Up 3 hours (healthy)            0.0.0.0:5433->5432/tcp   shop-db
c4e7b2019a3d   redis:7-alpine   "docker-entrypoint.s…"   3 hours ago   Restarting (1) 8 seconds ago                             shop-cache
9d0b6f3e1a22   shop-worker      "python -m worker"       3 hours ago   Up 2 hours (unhealthy)                                   shop-worker"""

PODS = """$ kubectl get pods
NAME                        READY   STATUS             RESTARTS       AGE
api-7d9f8c6b5-x2x8k         1/1     Running            0              3d
worker-5c7b9d8f4-q9z7m      0/1     CrashLoopBackOff   12 (2m ago)    40m
db-0                        1/1     Running            0              3d
cache-6f5d4c3b2-abcde       0/1     Running            3              10m"""


def test_git_status_lists_each_section_and_the_upstream():
    state = screen_state(GIT)
    assert state == GitStatus("feature/csv-export", ["src/export.py", "src/new.py"], ["README.md"],
                              ["src/csv_utils.py"], [], "ahead of 'origin/feature/csv-export' by 2 commits")
    assert state_lead(state) == (
        "**`git status`:** on branch `feature/csv-export` (ahead of 'origin/feature/csv-export' by 2 commits); "
        "staged for the next commit: `src/export.py`, `src/new.py`; changed but not staged: `README.md`; "
        "untracked: `src/csv_utils.py`.")


def test_df_names_the_fullest_real_disk_and_explains_snap_images_at_100_percent():
    state = screen_state(DF)
    assert isinstance(state, DiskUsage) and [d.filesystem for d in state.fullest] == ["/dev/sda1", "/dev/nvme0n1p2"]
    assert state.full_images == ["/dev/loop0", "/dev/loop1"]  # the second row lost its "0" to OCR
    lead = state_lead(state)
    assert lead.startswith("**`df`:** the fullest disk is `/dev/sda1` at 96 % (mounted on /mnt/media, 45G free).")
    assert "snap package images: read-only, always full by design" in lead


def test_docker_ps_names_what_is_not_running_or_unhealthy_and_the_published_ports():
    state = screen_state(DOCKER)
    assert isinstance(state, Workloads)
    assert [(w.name, w.status) for w in state.failing] == [("shop-cache", "Restarting (1) 8 seconds ago"),
                                                           ("shop-worker", "Up 2 hours (unhealthy)")]
    assert "ports published on your machine: `shop-web` 8080 (to 80 inside); `shop-db` 5433 (to 5432 inside)" \
        in state_lead(state)


def test_kubectl_pods_that_crash_or_are_not_ready():
    state = screen_state(PODS)
    assert isinstance(state, Workloads) and state.tool == "kubectl get pods"
    assert [w.name for w in state.failing] == ["worker-5c7b9d8f4-q9z7m", "cache-6f5d4c3b2-abcde"]
    assert state.failing[0].status == "CrashLoopBackOff, 0/1 ready, 12 restarts"


@pytest.mark.parametrize("text", ["Traceback (most recent call last):\n  File \"a.py\", line 1", "hello world", ""])
def test_other_screens_are_not_state_screens(text):
    assert screen_state(text) is None


@pytest.mark.slow  # real OCR of a rendered terminal
def test_a_df_screenshot_answer_leads_with_the_fullest_disk(tmp_path):
    from assistant.evals.images import render_lines

    shot = tmp_path / "df.png"
    render_lines(DF.splitlines(), "terminal").save(shot)
    chat = ScriptedChatModel(["The disk /dev/nvme0n1p2 is almost full."])
    done = list(app_with(chat).session().send(Turn("Which disk is almost full?", [shot])))[-1]
    assert isinstance(done, AnswerDone)
    assert done.text.startswith("**`df`:** the fullest disk is `/dev/sda1` at 96 %")
