"""The network boundary for calls made with requests, and the shared machinery that the
habanero-based Crossref calls use too: User-Agent, client-side rate limits per route,
retries with back-off that honour Retry-After, an overall deadline per request and per
run, a cap on response size, and the translation of library errors into asrefs's own
(NotFound, Unavailable, BadResponse). Nothing from requests or httpx2 leaks past here or
registries/.
"""

from __future__ import annotations

import email.utils
import logging
import random
import re
import threading
import time
from collections.abc import Callable, Collection, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:  # requests and tenacity are imported when the network is first used
    import requests
    from tenacity import RetryCallState

from asrefs import __version__
from asrefs.config import Options
from asrefs.errors import BadResponse, NotFound, RegistryError, Unavailable
from asrefs.inflight import InFlight

log = logging.getLogger("asrefs")
T = TypeVar("T")

PROJECT_URL = "https://github.com/asrefs/asrefs"


def user_agent(mailto: str | None) -> str:
    contact = f"; mailto:{mailto}" if mailto else ""
    return f"asrefs/{__version__} ({PROJECT_URL}{contact})"


class Deadline:
    """A point in time after which no new network work starts."""

    def __init__(self, seconds: float | None) -> None:
        self.seconds = seconds
        self.end = None if seconds is None else time.monotonic() + seconds

    def remaining(self) -> float | None:
        return None if self.end is None else self.end - time.monotonic()

    def expired(self) -> bool:
        left = self.remaining()
        return left is not None and left <= 0

    def reached(self, registry: str) -> str:
        """What a lookup that was not made because of the deadline says."""
        return f"{registry}: the run's deadline ({seconds_text(self.seconds or 0)} s) was reached"


class RateLimiter:
    """At most ``rate`` request starts per second and ``concurrency`` requests at once.

    The rate can be lowered at run time from the registry's rate-limit headers, never
    raised above the published limit it was created with. Requests are spaced at
    ``MARGIN`` of the limit: a registry counts arrivals, which network jitter bunches, and
    a 429 costs far more (a second's Retry-After) than the margin does.
    """

    MARGIN = 0.9

    def __init__(self, rate: float, concurrency: int = 1) -> None:
        self.ceiling = rate * self.MARGIN
        self.rate = self.ceiling
        self._slots = threading.BoundedSemaphore(max(1, concurrency))
        self._lock = threading.Lock()
        self._next = 0.0
        self.paused_until = 0.0

    def adapt(self, limit: float | None, interval_s: float | None) -> None:
        if not limit or limit <= 0:
            return
        advertised = limit / (interval_s or 1.0) * self.MARGIN
        with self._lock:
            self.rate = min(self.ceiling, advertised)

    def pause(self, seconds: float) -> None:
        """Hold every request on this route for ``seconds`` (after a 429)."""
        with self._lock:
            self.paused_until = max(self.paused_until, time.monotonic() + seconds)

    @contextmanager
    def slot(self, deadline: Deadline | None = None, registry: str = "") -> Iterator[None]:
        """Wait for this route's turn; raise Unavailable rather than wait past
        ``deadline``."""
        with self._slots:
            with self._lock:
                now = time.monotonic()
                start = max(now, self._next, self.paused_until)
                if deadline is not None and deadline.end is not None and start > deadline.end:
                    raise Unavailable(
                        f"{registry}: the rate limit allows no request before the run's deadline"
                    )
                self._next = start + 1.0 / self.rate
            wait = start - time.monotonic()
            if wait > 0:
                time.sleep(wait)
            yield


def parse_retry_after(value: str | None) -> float | None:
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


def parse_interval(value: str | None) -> float | None:
    if not value:
        return None
    m = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*(ms|s|m)?\s*", value)
    if not m:
        return None
    number = float(m.group(1))
    return number / 1000 if m.group(2) == "ms" else number * 60 if m.group(2) == "m" else number


def header_float(headers: Mapping[str, str], *names: str) -> float | None:
    for name in names:
        value = headers.get(name)
        if value:
            try:
                return float(value)
            except ValueError:
                continue
    return None


def _retryable(exc: BaseException) -> bool:
    return isinstance(exc, (Unavailable, BadResponse)) and getattr(exc, "retryable", True)


def with_retries(call: Callable[[], T], options: Options, run_deadline: Deadline) -> T:
    """Run ``call`` with exponential back-off and jitter on Unavailable/BadResponse,
    honouring a Retry-After the error carries, within ``max_attempts`` and the run's
    deadline. Other errors (NotFound, a 4xx) are not retried."""

    from tenacity import Retrying, retry_if_exception, stop_after_attempt

    def wait(state: RetryCallState) -> float:
        exc = state.outcome.exception() if state.outcome else None
        retry_after = getattr(exc, "retry_after", None)
        base = options.backoff * (2 ** (state.attempt_number - 1))
        delay = base + random.uniform(0, base)
        if retry_after is not None:
            delay = max(delay, float(retry_after))
        left = run_deadline.remaining()
        delay = float(delay)
        if left is not None and delay >= left:
            # No time for another attempt: stop with the error we have.
            raise exc if isinstance(exc, BaseException) else Unavailable("deadline reached")
        return float(delay)

    def stop(state: RetryCallState) -> bool:
        return stop_after_attempt(options.max_attempts)(state) or run_deadline.expired()

    retrying = Retrying(
        retry=retry_if_exception(_retryable),
        wait=wait,
        stop=stop,
        reraise=True,
    )
    return retrying(call)


@dataclass(frozen=True)
class Response:
    status: int
    headers: Mapping[str, str]
    text: str
    url: str

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "")


class HttpClient:
    """requests with asrefs's politeness, limits and error translation."""

    def __init__(self, options: Options, run_deadline: Deadline | None = None) -> None:
        self.options = options
        self.run_deadline = run_deadline or Deadline(None)
        self._session: requests.Session | None = None
        self.requests_made = 0
        self._count_lock = threading.Lock()
        self._limiters: dict[str, RateLimiter] = {}
        self.in_flight = InFlight(self.run_deadline.remaining)

    @property
    def session(self) -> requests.Session:
        """The HTTP session, made at the first request (a run whose answers are all in
        the store never imports requests)."""
        with self._count_lock:
            if self._session is None:
                import requests

                self._session = requests.Session()
                self._session.headers["User-Agent"] = user_agent(self.options.mailto)
                self._session.headers["Accept-Encoding"] = "gzip, deflate"
            return self._session

    def close(self) -> None:
        self.in_flight.close()
        if self._session is not None:
            self._session.close()

    def limiter(self, route: str, rate: float, concurrency: int) -> RateLimiter:
        """The rate limiter of ``route``, made with ``rate`` and ``concurrency`` on first
        use: registries served under one limit (PubMed and the PMC ID converter share
        NCBI's) name the same route and so share one limiter. Each of ``--workers N``
        processes on this machine keeps 1/N of the rate, so together they keep it."""
        with self._count_lock:
            if route not in self._limiters:
                share = 1 if self.options.dask else max(1, self.options.workers)
                self._limiters[route] = RateLimiter(rate / share, concurrency)
            return self._limiters[route]

    def count_request(self) -> None:
        """Count a request made outside :meth:`fetch` (through habanero)."""
        with self._count_lock:
            self.requests_made += 1

    def fetch(
        self,
        method: str,
        url: str,
        *,
        limiter: RateLimiter,
        params: Mapping[str, Any] | None = None,
        data: Mapping[str, Any] | None = None,
        registry: str,
        allow: Collection[int] = (),
    ) -> Response:
        """One request, no retries: returns a 2xx Response (or one with a status in
        ``allow``, whose body the registry reads) or raises a RegistryError. Every wait
        (the connection, each read, the whole body) ends by the run's deadline."""
        import requests

        self.check_deadline(registry)
        with limiter.slot(self.run_deadline, registry), self.in_flight.request(url):
            self.count_request()
            timeout = self.request_timeout()
            try:
                resp = self.session.request(
                    method,
                    url,
                    params=params,
                    data=data,
                    stream=True,
                    timeout=(timeout, timeout),
                )
            except requests.Timeout as exc:
                raise Unavailable(self._no_answer(registry, timeout)) from exc
            except requests.RequestException as exc:
                raise Unavailable(f"{registry}: connection failed ({type(exc).__name__})") from exc
            try:
                body = self._read_body(resp, registry)
            finally:
                resp.close()
        headers = {k.lower(): v for k, v in resp.headers.items()}
        response = Response(resp.status_code, headers, body, resp.url)
        if response.status not in allow:
            self._check_status(response, limiter, registry)
        return response

    def check_deadline(self, registry: str) -> None:
        """Raise Unavailable when the run's deadline has passed: no new request starts."""
        if self.run_deadline.expired():
            raise Unavailable(self.run_deadline.reached(registry))

    def body_deadline(self) -> float:
        """Seconds a response may take: the per-request deadline, cut to what is left of
        the run's ``--deadline`` (at least a second, so a last answer can still arrive)."""
        left = self.run_deadline.remaining()
        if left is None:
            return self.options.request_deadline
        return max(1.0, min(self.options.request_deadline, left))

    def request_timeout(self) -> float:
        """Seconds to wait for the connection and for each read: ``--timeout``, cut to
        what the run's deadline leaves (see :meth:`body_deadline`)."""
        return min(self.options.timeout, self.body_deadline())

    def _no_answer(self, registry: str, timeout: float) -> str:
        if timeout < self.options.timeout:
            return f"{registry}: no answer before the run's deadline"
        return f"{registry}: no answer within {seconds_text(timeout)} s"

    def _read_body(self, resp: requests.Response, registry: str) -> str:
        import requests

        cap = self.options.max_response_bytes
        allowed = self.body_deadline()
        end = time.monotonic() + allowed
        chunks: list[bytes] = []
        size = 0
        raw = resp.raw
        read1 = getattr(raw, "read1", None)
        try:
            while True:
                chunk = (
                    read1(65536, decode_content=True)
                    if read1
                    else raw.read(8192, decode_content=True)
                )
                if not chunk:
                    break
                chunks.append(chunk)
                size += len(chunk)
                if size > cap:
                    raise BadResponse(
                        f"{registry}: response larger than {cap // (1024 * 1024)} MB; not read",
                    )
                if time.monotonic() > end:
                    raise Unavailable(
                        f"{registry}: response not complete within {seconds_text(allowed)} s"
                    )
        except requests.RequestException as exc:
            raise Unavailable(
                f"{registry}: connection broken while reading ({type(exc).__name__})"
            ) from exc
        except Exception as exc:  # urllib3's protocol and timeout errors
            if isinstance(exc, RegistryError):
                raise
            raise Unavailable(
                f"{registry}: connection broken while reading ({type(exc).__name__})"
            ) from exc
        data = b"".join(chunks)
        encoding = (
            resp.encoding
            if resp.encoding and "charset" in resp.headers.get("content-type", "")
            else "utf-8"
        )
        try:
            return data.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            return data.decode("utf-8", errors="replace")

    def _check_status(self, response: Response, limiter: RateLimiter, registry: str) -> None:
        status = response.status
        if 200 <= status < 300:
            return
        if status == 404:
            raise NotFound(f"{registry}: not found")
        retry_after = parse_retry_after(response.headers.get("retry-after"))
        if status == 429:
            limiter.pause(retry_after if retry_after is not None else 1.0)
            raise Unavailable(f"{registry}: rate limited (HTTP 429)", retry_after=retry_after)
        if status >= 500:
            raise Unavailable(f"{registry}: server error (HTTP {status})", retry_after=retry_after)
        error = BadResponse(f"{registry}: request refused (HTTP {status})")
        error.retryable = False  # type: ignore[attr-defined]
        raise error


def seconds_text(value: float) -> str:
    """Seconds as a message shows them: "30", "1.8"."""
    return f"{round(value, 1):g}"


def run_with_deadline(call: Callable[[], T], seconds: float, what: str) -> T:
    """Run ``call`` in a daemon thread and give up after ``seconds``.

    For libraries (habanero) whose timeout is per read: a response that drips forever
    never times out there. The abandoned thread is a daemon and ends with the process.
    """
    result: list[T] = []
    error: list[BaseException] = []

    def target() -> None:
        try:
            result.append(call())
        except BaseException as exc:  # handed to the caller's thread
            error.append(exc)

    thread = threading.Thread(target=target, name=f"asrefs-{what}", daemon=True)
    thread.start()
    thread.join(seconds)
    if thread.is_alive():
        raise Unavailable(f"{what}: response not complete within {seconds_text(seconds)} s")
    if error:
        raise error[0]
    return result[0]
