package webhook

import (
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strings"
	"syscall"
	"time"
)

// The SSRF guard. A destination URL is written by an operator, but whoever can change the file
// (or a DNS name in it) must not be able to make the front door call into its own network: the
// cloud's metadata service, Redis, the admin port of anything on the private network. So URLs
// must be https, and every connection is checked against the address it actually reaches (after
// DNS, at dial time, so a name that later resolves to a private address is refused too).
// Redirects are not followed and no proxy is used. allowPrivate (tests, serve --dev) lifts all
// of this.

// notPublic are the ranges a production destination may not be in, besides what netip calls
// loopback, private, link-local, multicast and unspecified.
var notPublic = []netip.Prefix{
	netip.MustParsePrefix("0.0.0.0/8"),       // "this network"
	netip.MustParsePrefix("100.64.0.0/10"),   // carrier-grade NAT, often a cloud's internal network
	netip.MustParsePrefix("192.0.0.0/24"),    // IETF protocol assignments
	netip.MustParsePrefix("198.18.0.0/15"),   // benchmarking
	netip.MustParsePrefix("240.0.0.0/4"),     // reserved
	netip.MustParsePrefix("64:ff9b:1::/48"),  // local-use NAT64
	netip.MustParsePrefix("2001:db8::/32"),   // documentation
	netip.MustParsePrefix("fec0::/10"),       // deprecated site-local
	netip.MustParsePrefix("192.0.2.0/24"),    // documentation
	netip.MustParsePrefix("198.51.100.0/24"), // documentation
	netip.MustParsePrefix("203.0.113.0/24"),  // documentation
}

// ErrNotPublic is why a destination on a private, loopback or reserved address is refused.
var ErrNotPublic = errors.New("is a private, loopback or reserved address: destinations must be public (serve --dev allows private ones for tests)")

// Public reports whether a connection to ip may be made in production.
func Public(ip netip.Addr) bool {
	ip = ip.Unmap()
	if !ip.IsValid() || ip.IsLoopback() || ip.IsPrivate() || ip.IsLinkLocalUnicast() || ip.IsLinkLocalMulticast() ||
		ip.IsInterfaceLocalMulticast() || ip.IsMulticast() || ip.IsUnspecified() {
		return false
	}
	for _, p := range notPublic {
		if p.Contains(ip) {
			return false
		}
	}
	return true
}

// CheckURL checks a destination URL: https, a host, no user info; a literal address or a name
// like localhost must be public. Names are checked again at each connection (Client).
func CheckURL(raw string, allowPrivate bool) (*url.URL, error) {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" || u.Opaque != "" {
		return nil, fmt.Errorf("url %q is not a URL like https://cases.example.org/frontdoor", raw)
	}
	if u.User != nil {
		return nil, fmt.Errorf("url %s carries a user name or password; put the credentials in the secret, not the URL", u.Redacted())
	}
	switch {
	case u.Scheme == "https":
	case u.Scheme == "http" && allowPrivate:
	default:
		return nil, fmt.Errorf("url %s is not https: deliveries carry tips and must be encrypted", u.Redacted())
	}
	if allowPrivate {
		return u, nil
	}
	host := strings.ToLower(u.Hostname())
	if ip, err := netip.ParseAddr(host); err == nil && !Public(ip) {
		return nil, fmt.Errorf("url %s: %s %w", u.Redacted(), host, ErrNotPublic)
	}
	if host == "localhost" || strings.HasSuffix(host, ".localhost") || strings.HasSuffix(host, ".local") || strings.HasSuffix(host, ".internal") {
		return nil, fmt.Errorf("url %s: %s is a local name: destinations must be public", u.Redacted(), host)
	}
	return u, nil
}

// Client returns the HTTP client deliveries use: a 10 s bound per attempt, no redirects, no
// proxy, and unless allowPrivate a dialer that refuses any address Public refuses.
func Client(allowPrivate bool) *http.Client {
	d := &net.Dialer{Timeout: 5 * time.Second}
	if !allowPrivate {
		d.Control = func(_, address string, _ syscall.RawConn) error {
			host, _, err := net.SplitHostPort(address)
			if err != nil {
				return err
			}
			ip, err := netip.ParseAddr(host)
			if err != nil || !Public(ip) {
				return fmt.Errorf("refused to connect to %s: it %w", host, ErrNotPublic)
			}
			return nil
		}
	}
	t := &http.Transport{DialContext: d.DialContext, TLSHandshakeTimeout: 5 * time.Second, ResponseHeaderTimeout: 10 * time.Second,
		MaxIdleConnsPerHost: 2, IdleConnTimeout: time.Minute, ForceAttemptHTTP2: true}
	return &http.Client{Transport: t, Timeout: 10 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}
