package twilio

import (
	"crypto/hmac"
	"crypto/sha1"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"net/url"
	"sort"
	"strings"

	tclient "github.com/twilio/twilio-go/client"
)

// SignatureHeader carries Twilio's request signature.
const SignatureHeader = "X-Twilio-Signature"

// Verifier checks X-Twilio-Signature against the public URL Twilio was configured with, never
// the Host or scheme a replica sees behind a proxy.
type Verifier struct {
	rv   tclient.RequestValidator
	base string
}

// NewVerifier returns a verifier for an auth token and the public base URL (scheme, host, any
// port and path prefix, e.g. "https://sms.example.org"); a trailing slash is ignored.
func NewVerifier(authToken, publicBase string) *Verifier {
	return &Verifier{rv: tclient.NewRequestValidator(authToken), base: strings.TrimRight(publicBase, "/")}
}

// Verify reports whether signature is Twilio's for a request whose URI (path and raw query, as
// received) is requestURI and whose raw body is body. Form bodies are signed over every
// parameter, so unknown new ones are fine; a bodySHA256 query parameter marks a JSON body,
// checked by its SHA-256. The URL is tried with and without the default port, as twilio-go does.
func (v *Verifier) Verify(requestURI string, body []byte, signature string) bool {
	if signature == "" {
		return false
	}
	return v.rv.ValidateBody(v.base+requestURI, body, signature)
}

// Sign computes the signature Twilio sends for a form POST to fullURL (twilio-go exports no
// signer). Tests and the load generator use it; with a JSON body pass a nil form and put
// BodySHA256(body) in the URL's bodySHA256 query parameter.
func Sign(authToken, fullURL string, form url.Values) string {
	keys := make([]string, 0, len(form))
	for k := range form {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b strings.Builder
	b.WriteString(fullURL)
	for _, k := range keys {
		b.WriteString(k)
		b.WriteString(form.Get(k))
	}
	m := hmac.New(sha1.New, []byte(authToken))
	m.Write([]byte(b.String()))
	return base64.StdEncoding.EncodeToString(m.Sum(nil))
}

// BodySHA256 is the hex SHA-256 of a JSON body, for the bodySHA256 query parameter.
func BodySHA256(body []byte) string {
	sum := sha256.Sum256(body)
	return hex.EncodeToString(sum[:])
}
