package flows

import (
	"regexp"
	"strings"
)

// Links in texts. A text may carry a link to an official source, written in full with https://
// so that every phone opens it and lint measures it at its full length (Frontdoor never
// shortens links). Link shorteners are refused: carriers filter texts that use them.

// linkPattern finds a link with or without a scheme: "https://report.cybertip.org/x",
// "www.example.org", "takeitdown.ncmec.org".
var linkPattern = regexp.MustCompile(`(?i)\b(?:[a-z][a-z0-9+.-]*://)?(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,}\b(?:[/?#][^\s]*)?`)

// linkShorteners are hosts of public link shorteners, which carriers filter.
var linkShorteners = map[string]bool{
	"bit.ly": true, "bitly.com": true, "tinyurl.com": true, "t.co": true, "goo.gl": true, "ow.ly": true, "is.gd": true,
	"buff.ly": true, "rebrand.ly": true, "cutt.ly": true, "shorturl.at": true, "tiny.cc": true, "lnkd.in": true,
	"rb.gy": true, "t.ly": true, "bl.ink": true, "s.id": true, "v.gd": true, "shorte.st": true, "adf.ly": true,
	"tr.im": true, "qrco.de": true, "short.io": true, "surl.li": true, "urlz.fr": true, "2u.pw": true,
}

// officialSites are the sites, besides .gov and .mil, that lint takes as official sources: the
// National Center for Missing & Exploited Children and the National Human Trafficking Hotline.
var officialSites = []string{"ncmec.org", "missingkids.org", "cybertip.org", "humantraffickinghotline.org", "polarisproject.org"}

// Link is a link found in a text.
type Link struct {
	Text   string // as written, without trailing punctuation
	Scheme string // "https", "http", or "" when written without one
	Host   string // lower case
}

// Links returns the links a text holds.
func Links(text string) []Link {
	var out []Link
	for _, m := range linkPattern.FindAllString(text, -1) {
		m = strings.TrimRight(m, ".,;:!?)\"'")
		l := Link{Text: m}
		rest := m
		if scheme, after, ok := strings.Cut(m, "://"); ok {
			l.Scheme, rest = strings.ToLower(scheme), after
		}
		host, _, _ := strings.Cut(rest, "/")
		host, _, _ = strings.Cut(host, "?")
		host, _, _ = strings.Cut(host, "#")
		l.Host = strings.ToLower(host)
		if l.Scheme == "" && !looksLikeSite(l.Host) {
			continue // "e.g" or "U.S" are not links
		}
		out = append(out, l)
	}
	return out
}

// looksLikeSite reports whether a host written without a scheme reads as a web site.
func looksLikeSite(host string) bool {
	tld := host[strings.LastIndexByte(host, '.')+1:]
	switch tld {
	case "org", "gov", "com", "net", "edu", "mil", "us", "info", "io", "ly", "co", "gd", "cc", "at", "in", "gl", "id", "de", "fr", "me":
		return true
	}
	return strings.HasPrefix(host, "www.")
}

// Official reports whether host is an official source: a .gov or .mil site, or one of
// officialSites, or a part of one.
func Official(host string) bool {
	host = strings.TrimPrefix(strings.ToLower(host), "www.")
	if strings.HasSuffix(host, ".gov") || strings.HasSuffix(host, ".mil") {
		return true
	}
	for _, s := range officialSites {
		if host == s || strings.HasSuffix(host, "."+s) {
			return true
		}
	}
	return false
}

// checkLinks refuses a link that is not https or goes through a shortener, and warns on one
// to a site that is not an official source.
func (c *checker) checkLinks(st *State, lang string, tpl Template) {
	for _, l := range Links(tpl.raw) {
		switch {
		case linkShorteners[strings.TrimPrefix(l.Host, "www.")]:
			c.errorf(tpl.pos, "state %q: the %s text links to %s through the link shortener %s, which carriers filter: write the official link in full", st.Name, lang, l.Text, l.Host)
		case l.Scheme == "":
			c.errorf(tpl.pos, "state %q: the %s text has the link %s without https://: write https://%s, so that every phone opens it (lint counts its full length)", st.Name, lang, l.Text, l.Text)
		case l.Scheme != "https":
			c.errorf(tpl.pos, "state %q: the %s text has the link %s: links must start with https://", st.Name, lang, l.Text)
		case !Official(l.Host):
			c.warnf(tpl.pos, "state %q: the %s text links to %s, which is not an official source (a .gov or .mil site, or %s): link to the official page", st.Name, lang, l.Host, strings.Join(officialSites, ", "))
		}
	}
}
