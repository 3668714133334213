"""What a build publishes: drafts held back (or shown for a preview), future-dated articles scheduled."""

from __future__ import annotations

import datetime as dt
import os
import time
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from .errors import MetadataError
from .model import Article, Meta

DEFAULT_ZONE = "Asia/Baghdad"
AHEAD_WARNING = dt.timedelta(days=1)  # a date further ahead than this is more likely a typo than a schedule


def build_time() -> dt.datetime:
    """The build's time (UTC): ``SOURCE_DATE_EPOCH`` when set, so that a build can be repeated, else the clock."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    seconds = int(epoch) if epoch.isdigit() else int(time.time())
    return dt.datetime.fromtimestamp(seconds, dt.timezone.utc)


def moment(meta: Meta, zone: dt.tzinfo) -> dt.datetime:
    """When the article is published: its time, or the start of its date in the site's zone."""
    if meta.time is not None:
        return meta.time
    return dt.datetime(meta.date.year, meta.date.month, meta.date.day, tzinfo=zone)


@dataclass(frozen=True)
class Policy:
    """Whether drafts are shown (a preview or staging site), the build's time, and the site's zone."""

    drafts: bool = False
    at: dt.datetime | None = None  # None: ``build_time()``
    zone: str = DEFAULT_ZONE

    @classmethod
    def from_env(cls, zone: str = DEFAULT_ZONE) -> Policy:
        """Drafts shown when ``DIGEST_DRAFTS=1`` (``make serve``, ``make build DRAFTS=1``)."""
        return cls(drafts=os.environ.get("DIGEST_DRAFTS") == "1", at=build_time(), zone=zone)


@dataclass(frozen=True)
class Selection:
    """The articles a build publishes, and what it held back."""

    published: tuple[Article, ...]
    drafts: tuple[str, ...] = ()  # ids of drafts held back
    scheduled: tuple[str, ...] = ()  # ids of articles whose time has not come
    next_due: dt.datetime | None = None  # when the first scheduled article's time comes
    last_due: dt.datetime | None = None  # when the last published article's time came
    warnings: tuple[MetadataError, ...] = ()
    at: dt.datetime | None = None  # the build's time
    ahead: tuple[dt.datetime, ...] = ()  # when each scheduled article is due

    def holds_at(self, at: float) -> bool:
        """Whether a build at ``at`` (seconds since the epoch) publishes the same articles with the same
        warnings."""
        if self.last_due is not None and at < self.last_due.timestamp():
            return False
        if self.next_due is not None and at >= self.next_due.timestamp():
            return False
        then = self.at.timestamp() if self.at is not None else at
        limit = AHEAD_WARNING.total_seconds()
        return all((when.timestamp() - at > limit) == (when.timestamp() - then > limit) for when in self.ahead)


def select(articles, policy: Policy, meta_path=lambda a: a.id) -> Selection:
    """The articles ``policy`` publishes, in their order; drafts and future-dated articles held back.

    A date more than a day ahead of the build's time is reported as a warning (naming ``meta_path(article)``).
    """
    at = policy.at or build_time()
    zone = ZoneInfo(policy.zone)
    published, drafts, scheduled, warnings = [], [], [], []
    next_due = last_due = None
    ahead = []
    for article in articles:
        when = moment(article.meta, zone)
        if when > at:
            scheduled.append(article.id)
            ahead.append(when)
            next_due = when if next_due is None else min(next_due, when)
            if when - at > AHEAD_WARNING:
                warnings.append(
                    MetadataError(
                        f"date is more than a day ahead of the build's time ({at.isoformat()}); the article is "
                        "scheduled until then",
                        meta_path(article),
                        got=when.isoformat(),
                    )
                )
            continue
        if article.meta.draft and not policy.drafts:
            drafts.append(article.id)
            continue
        published.append(article)
        last_due = when if last_due is None else max(last_due, when)
    return Selection(
        tuple(published), tuple(drafts), tuple(scheduled), next_due, last_due, tuple(warnings), at, tuple(ahead)
    )


def newest_first(article: Article) -> tuple:
    """Sort key: newest date first, then the later time that day (timed before untimed), then id."""
    time = article.meta.time
    return (-article.meta.date.toordinal(), -time.timestamp() if time is not None else 0.0, article.id)
