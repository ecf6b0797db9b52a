"""Find secrets in text: API keys, tokens, private keys, passwords in assignments, URL credentials.

    from assistant.tools.secret_scan import find_secrets, redact_secrets
    redact_secrets("key sk_live_4eC39HqLyjWDarjtT1zdp7dc")   # "key [REDACTED]"

Detection runs on a normalised view of the text (NFKC; zero-width, bidi and other invisible
format characters removed), so ``sk-pr\\u200boj-...`` or full-width letters do not hide a key;
the replacement is applied to the original text, which keeps everything else exactly as it was.

The patterns are detect-secrets' regex plugins (AWS, Stripe, GitHub, GitLab, Slack, JWT,
SendGrid, PyPI, npm, Twilio, basic-auth URLs...), used directly: its scanning engine is built
for files and costs milliseconds per line. Ours are added only where it has none (Hugging Face,
Google, generic ``sk-`` keys, bearer tokens, whole private-key blocks, any credentials in a URL)
or where its pattern matches only a prefix of a longer key (a match is extended to the end of
the token). detect-secrets is imported on first use: ``--help`` never pays for it.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

REDACTED = "[REDACTED]"

# Plugins from detect-secrets whose patterns are precise enough for free text. Left out:
# high-entropy strings and keyword heuristics tuned for source files (they would eat hashes
# and ordinary sentences), public IP addresses (not a secret), and basic-auth URLs (our URL
# pattern below covers them and keeps the scheme and host readable).
_PLUGINS = (
    ("artifactory", "ArtifactoryDetector", "an Artifactory token"),
    ("aws", "AWSKeyDetector", "an AWS key"),
    ("azure_storage_key", "AzureStorageKeyDetector", "an Azure storage key"),
    ("cloudant", "CloudantDetector", "a Cloudant credential"),
    ("discord", "DiscordBotTokenDetector", "a Discord token"),
    ("github_token", "GitHubTokenDetector", "a GitHub token"),
    ("gitlab_token", "GitLabTokenDetector", "a GitLab token"),
    ("ibm_cloud_iam", "IbmCloudIamDetector", "an IBM Cloud key"),
    ("ibm_cos_hmac", "IbmCosHmacDetector", "an IBM COS key"),
    ("jwt", "JwtTokenDetector", "a JSON web token"),
    ("mailchimp", "MailchimpDetector", "a Mailchimp key"),
    ("npm", "NpmDetector", "an npm token"),
    ("openai", "OpenAIDetector", "an API key"),
    ("private_key", "PrivateKeyDetector", "a private key"),
    ("pypi_token", "PypiTokenDetector", "a PyPI token"),
    ("sendgrid", "SendGridDetector", "a SendGrid key"),
    ("slack", "SlackDetector", "a Slack token"),
    ("softlayer", "SoftlayerDetector", "a SoftLayer key"),
    ("square_oauth", "SquareOAuthDetector", "a Square token"),
    ("stripe", "StripeDetector", "a Stripe key"),
    ("telegram_token", "TelegramBotTokenDetector", "a Telegram token"),
    ("twilio", "TwilioKeyDetector", "a Twilio key"),
)

# Patterns of those plugins that match ordinary capitalised words in prose (Artifactory's "AP"
# + one hex digit + 8 letters takes "APACHEKAFKA"); its "AKC" pattern stays.
_TOO_BROAD = frozenset({r'(?:\s|=|:|"|^)AP[\dABCDEF][a-zA-Z0-9]{8,}(?:\s|"|$)'})

# Where detect-secrets has no pattern. A group named "s" marks the secret inside the match
# (the rest, such as "password = ", stays readable); without one the whole match goes.
_OWN: tuple[tuple[str, str], ...] = (
    # OpenAI/Anthropic-style keys of any shape (detect-secrets requires the legacy T3BlbkFJ marker).
    (r"\bsk-[A-Za-z0-9_\-]{16,}", "an API key (sk-...)"),
    (r"\b[rsp]k_(?:live|test)_[A-Za-z0-9]{10,}", "a Stripe key"),
    (r"\bhf_[A-Za-z0-9]{20,}", "a Hugging Face token"),
    (r"\bAIza[0-9A-Za-z_\-]{30,}", "a Google API key"),
    (r"\bgithub_pat_[A-Za-z0-9_]{20,}", "a GitHub token"),
    (r"\bxox[abprs]-[A-Za-z0-9\-]{10,}", "a Slack token"),
    (r"\bglpat-[A-Za-z0-9_\-]{20,}", "a GitLab token"),
    (r"-----BEGIN [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----[\s\S]*?(?:-----END [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----|\Z)",
     "a private key"),
    (r"(?i)\bbearer\s+(?P<s>[A-Za-z0-9_\-.=~+/]{8,})", "a bearer token"),
    # Everything between "://" and "@": user:password, or a token used as the user name.
    (r"(?i)\b[a-z][a-z0-9+.\-]*://(?P<s>[^\s/?#@]+)@", "credentials in a URL"),
    (r"(?i)\b(?:api[_-]?key|x-api-key|access[_-]?token|auth[_-]?token|client[_-]?secret|secret[_-]?key)"
     r"[\"']?\s*[:=](?!=)\s*[\"']?(?P<s>[^\s'\",}]{6,})", "a key or token"),
    (r"(?i)\b(?:password|passwd|pwd|passphrase)[\"']?\s*[:=](?!=)\s*[\"']?(?P<s>[^\s'\",}]{4,})",
     "a password"),
)
# A token character: a match that stops inside a longer key is extended over the rest of it.
_TOKEN_TAIL = re.compile(r"[A-Za-z0-9_\-]*")
_EDGES = frozenset(" \t\r\n\"'=:")


@dataclass(frozen=True)
class Finding:
    start: int
    end: int
    what: str
    """What was found, for messages: "a Stripe key"."""


def _is_invisible(ch: str) -> bool:
    # Format characters (Cf): zero-width space/joiners, soft hyphen, bidi controls, BOM, tags.
    return unicodedata.category(ch) == "Cf"


def normalise(text: str) -> tuple[str, list[int] | None]:
    """The text as detection sees it, and for each of its characters the index it came from in
    ``text`` (None when the two are the same)."""
    if text.isascii():
        return text, None
    out: list[str] = []
    origin: list[int] = []
    for i, ch in enumerate(text):
        if ord(ch) < 128:
            out.append(ch)
            origin.append(i)
            continue
        if _is_invisible(ch):
            continue
        norm = unicodedata.normalize("NFKC", ch)
        out.append(norm)
        origin.extend([i] * len(norm))
    return "".join(out), origin


class _Detector:
    """Compiled patterns plus the exact values registered as secrets (configured keys)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._patterns: list[tuple[re.Pattern[str], str]] | None = None
        self._exact: set[str] = set()
        self._exact_re: re.Pattern[str] | None = None

    def patterns(self) -> list[tuple[re.Pattern[str], str]]:
        if self._patterns is None:
            with self._lock:
                if self._patterns is None:
                    self._patterns = [(re.compile(p), what) for p, what in _OWN] + _library_patterns()
        return self._patterns

    def register(self, value: str) -> None:
        norm, _ = normalise(value)
        with self._lock:
            if norm in self._exact:
                return
            self._exact.add(norm)
            # Longest first, so a key that contains another registered one goes whole.
            alternatives = sorted(self._exact, key=len, reverse=True)
            self._exact_re = re.compile("|".join(re.escape(v) for v in alternatives))

    def prefix_start(self, text: str) -> int:
        """Where the longest tail of ``text`` that could still grow into a registered value starts
        (``len(text)`` when none could): a configured secret may hold spaces, so a stream cannot
        wait for the end of a word to know it."""
        norm, origin = normalise(text)
        earliest = len(norm)
        for value in tuple(self._exact):  # registration may run on another thread
            for size in range(min(len(value) - 1, len(norm)), 0, -1):
                if norm.endswith(value[:size]):
                    earliest = min(earliest, len(norm) - size)
                    break
        if earliest == len(norm):
            return len(text)
        return origin[earliest] if origin is not None else earliest

    def find(self, text: str) -> list[Finding]:
        norm, origin = normalise(text)
        spans: list[tuple[int, int, str]] = []
        exact = self._exact_re
        if exact is not None:
            spans += [(m.start(), m.end(), "a configured secret") for m in exact.finditer(norm)]
        for pattern, what in self.patterns():
            for m in pattern.finditer(norm):
                start, end = m.span("s") if "s" in pattern.groupindex else _trim(norm, *m.span())
                if start == end:
                    continue
                tail = _TOKEN_TAIL.match(norm, end) if norm[end - 1 : end].isalnum() else None
                end = tail.end() if tail else end
                spans.append((start, end, what))
        if not spans:
            return []
        findings = []
        for start, end, what in _merge(spans):
            if origin is not None:
                start, end = origin[start], origin[end - 1] + 1
            findings.append(Finding(start, end, what))
        return findings


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    # Some library patterns take the delimiter around a token too (a space, a quote, "=").
    while start < end and text[start] in _EDGES:
        start += 1
    while end > start and text[end - 1] in _EDGES:
        end -= 1
    return start, end


def _merge(spans: Iterable[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    merged: list[tuple[int, int, str]] = []
    for start, end, what in sorted(spans):
        if merged and start <= merged[-1][1]:
            last = merged[-1]
            merged[-1] = (last[0], max(last[1], end), last[2])
        else:
            merged.append((start, end, what))
    return merged


def _library_patterns() -> list[tuple[re.Pattern[str], str]]:
    import importlib

    patterns = []
    for module, cls, what in _PLUGINS:
        detector = getattr(importlib.import_module(f"detect_secrets.plugins.{module}"), cls)
        patterns += [(p, what) for p in detector.denylist if p.pattern not in _TOO_BROAD]
    return patterns


_DETECTOR = _Detector()


def register_secret(value: str | None) -> None:
    """Treat this exact value as a secret from now on (a configured key of any shape)."""
    if value and len(value.strip()) >= 4:
        _DETECTOR.register(value.strip())


def find_secrets(text: str) -> list[Finding]:
    """Secrets in ``text``, as non-overlapping spans of ``text`` itself, in order."""
    return _DETECTOR.find(text) if text else []


def secret_prefix_start(text: str) -> int:
    """Index in ``text`` from which its end could be the first part of a configured secret
    (``len(text)`` when it cannot): what a stream must hold back until more text arrives."""
    return _DETECTOR.prefix_start(text) if text else 0


def redact_secrets(text: str) -> str:
    """``text`` with every secret replaced by ``[REDACTED]``."""
    findings = find_secrets(text)
    if not findings:
        return text
    parts, pos = [], 0
    for f in findings:
        parts += [text[pos : f.start], REDACTED]
        pos = f.end
    parts.append(text[pos:])
    return "".join(parts)


__all__ = ["REDACTED", "Finding", "find_secrets", "normalise", "redact_secrets", "register_secret",
           "secret_prefix_start"]
