"""URLs as newsbot keeps and fetches them: links cleaned the way browsers clean them, and the
canonical URL that identifies a page (an article's id when it has no other).

- `clean_link(url)`: what a browser would request for a link as written in a feed or a page:
  white space and control characters around it removed, tabs and line breaks inside it
  removed (the WHATWG URL standard does both), spaces and non-ASCII characters percent-encoded,
  an international host name in IDNA; a link with other control characters is refused with
  the reason (ReadError), never sent.
- `canonical_url(url)`: the cleaned link, without what does not identify the page — the
  fragment, the default port, the case of the scheme and host, and tracking parameters
  (`utm_*`, `fbclid`, `xtor`…). The query is otherwise kept as written, parameters without a
  value included: `spip.php?article101` and `spip.php?article102` are two pages (SPIP, a
  common French CMS), as are `?p=12` (WordPress) and `?id=5`.
"""

from __future__ import annotations

import re
from urllib.parse import quote, urlsplit, urlunsplit

from index.store.errors import ReadError

# Parameters that say where a reader came from, never which page it is (the query's other
# parameters are kept). Exact names, and prefixes ending with "_".
TRACKING_PARAMETERS = frozenset({
    "fbclid", "gclid", "gclsrc", "dclid", "gbraid", "wbraid", "msclkid", "yclid", "twclid", "ttclid", "igshid",
    "mc_cid", "mc_eid", "_ga", "_gl", "_hsenc", "_hsmi", "mkt_tok", "vero_id", "oly_enc_id", "oly_anon_id",
    "xtor", "xtref", "ncid", "cmpid", "ocid", "icid", "wt_mc", "sr_share", "s_kwcid", "li_fat_id",
})
TRACKING_PREFIXES = ("utm_", "at_", "pk_", "mtm_", "matomo_", "ns_", "hsa_", "piwik_")

_AROUND_RE = re.compile(r"^[\x00-\x20]+|[\x00-\x20]+$")  # C0 controls and space, at either end
_TAB_NEWLINE_RE = re.compile(r"[\t\n\r]")
_CONTROL_RE = re.compile(r"[\x00-\x1f\x7f]")
# Characters left as they are when percent-encoding: URL syntax, and "%" of existing escapes.
_SAFE = "!#$%&'()*+,/:;=?@[]~"


def clean_link(url: str) -> str:
    """The link a browser would request for `url` as written; ReadError if it cannot be one."""
    url = _TAB_NEWLINE_RE.sub("", _AROUND_RE.sub("", url))
    if _CONTROL_RE.search(url):
        raise ReadError(f"the link {_shown(url)} holds control characters: it is not a web address")
    if not url:
        raise ReadError("the link is empty")
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
        port = parts.port  # raises ValueError for a port that is not a number
    except ValueError as exc:
        raise ReadError(f"the link {_shown(url)} is not a web address ({exc})") from None
    netloc = parts.netloc
    if host and not host.isascii():
        try:
            ascii_host = host.encode("idna").decode("ascii")
        except UnicodeError:
            raise ReadError(f"the link {_shown(url)} has a host name that cannot be spelled in ASCII") from None
        userinfo = parts.netloc.rpartition("@")[0]
        netloc = (userinfo + "@" if userinfo else "") + ascii_host + (f":{port}" if port is not None else "")
    return urlunsplit((parts.scheme, quote(netloc, safe=_SAFE), quote(parts.path, safe=_SAFE),
                       quote(parts.query, safe=_SAFE), quote(parts.fragment, safe=_SAFE)))


def is_tracking(name: str) -> bool:
    """True for a query parameter that tracks the reader rather than naming the page."""
    name = name.lower()
    return name in TRACKING_PARAMETERS or name.startswith(TRACKING_PREFIXES)


def canonical_url(url: str) -> str:
    """The URL that identifies the page at `url` (see the module doc); ReadError if `url` cannot
    be a link."""
    parts = urlsplit(clean_link(url))
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    if ":" in host:  # an IPv6 address keeps its brackets
        host = f"[{host}]"
    port = parts.port
    if port is not None and (scheme, port) not in (("http", 80), ("https", 443)):
        host += f":{port}"
    userinfo = parts.netloc.rpartition("@")[0]
    netloc = (userinfo + "@" if userinfo else "") + host
    kept = [piece for piece in parts.query.split("&") if piece and not is_tracking(piece.split("=", 1)[0])]
    path = parts.path or ("/" if host else "")
    return urlunsplit((scheme, netloc, path, "&".join(kept), ""))


def _shown(url: str) -> str:
    """A link as quoted in a message: control characters visible, cut at 120 characters."""
    return repr(url[:120] + ("…" if len(url) > 120 else ""))
