package webhook

import (
	"bytes"
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	standardwebhooks "github.com/standard-webhooks/standard-webhooks/libraries/go"

	"github.com/nhttf/frontdoor/bot"
)

// Sender delivers bot.PartnerWebhook effects (it is their bot.Applier).
type Sender struct {
	Set    *Set
	Client *http.Client // Client(false) in production
	Clock  bot.Clock
}

// Answer is what a destination answered one delivery.
type Answer struct {
	Status int
	Body   string // the first 1 KiB
}

// Apply implements bot.Applier: a 2xx answer is delivered; 408, 425, 429 and 5xx are tried again
// (after Retry-After when given); any other answer refuses the delivery for good (dead letter).
// A destination no longer in the file refuses it too.
func (s *Sender) Apply(ctx context.Context, e bot.Effect) error {
	if e.Kind != bot.PartnerWebhook {
		return &bot.PermanentError{Code: "not_a_webhook", Err: fmt.Errorf("effect %s is not a partner webhook", e.Kind)}
	}
	a, err := s.Send(ctx, e.Partner, e.Key, []byte(e.Text))
	if err != nil {
		return err
	}
	return classify(a, e.Partner)
}

// Send signs and posts one delivery with webhook-id id, and returns the answer.
func (s *Sender) Send(ctx context.Context, name, id string, body []byte) (Answer, error) {
	d, ok := s.Set.Get(name)
	if !ok {
		return Answer{}, &bot.PermanentError{Code: "unknown_destination", Err: fmt.Errorf("no destination %q in the webhooks file", name)}
	}
	now := s.Clock.Now()
	sig, err := d.signer.Sign(id, now, body)
	if err != nil {
		return Answer{}, &bot.PermanentError{Code: "sign", Err: err}
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, d.URL, bytes.NewReader(body))
	if err != nil {
		return Answer{}, &bot.PermanentError{Code: "bad_url", Err: err}
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "Frontdoor-Webhooks/1")
	req.Header.Set(standardwebhooks.HeaderWebhookID, id)
	req.Header.Set(standardwebhooks.HeaderWebhookTimestamp, strconv.FormatInt(now.Unix(), 10))
	req.Header.Set(standardwebhooks.HeaderWebhookSignature, sig)
	res, err := s.Client.Do(req)
	if err != nil {
		return Answer{}, fmt.Errorf("error delivering to %s: %w", name, cleanErr(err, d.URL))
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(io.LimitReader(res.Body, 1024))
	io.Copy(io.Discard, io.LimitReader(res.Body, 64<<10))
	a := Answer{Status: res.StatusCode, Body: string(b)}
	if ra := res.Header.Get("Retry-After"); ra != "" && (res.StatusCode == 429 || res.StatusCode == 503) {
		if sec, err := strconv.Atoi(ra); err == nil && sec > 0 {
			return a, &bot.RetryAfterError{After: min(time.Duration(sec)*time.Second, time.Hour), Err: fmt.Errorf("%s answered %d", name, res.StatusCode)}
		}
	}
	return a, nil
}

func classify(a Answer, name string) error {
	switch {
	case a.Status >= 200 && a.Status < 300:
		return nil
	case a.Status == 408 || a.Status == 425 || a.Status == 429 || a.Status >= 500:
		return fmt.Errorf("%s answered %d", name, a.Status)
	}
	return &bot.PermanentError{Code: strconv.Itoa(a.Status), Err: fmt.Errorf("%s refused the delivery with %d", name, a.Status)}
}

// cleanErr keeps the URL's query (which might carry a token) out of errors and logs.
func cleanErr(err error, raw string) error {
	var ue interface{ Unwrap() error }
	if errors.As(err, &ue) {
		if i := strings.IndexByte(raw, '?'); i >= 0 {
			return errors.New(strings.ReplaceAll(err.Error(), raw, raw[:i]+"?…"))
		}
	}
	return err
}

// decoded is the key of a whsec_ secret.
func decoded(secret string) []byte {
	b, _ := base64.StdEncoding.DecodeString(strings.TrimPrefix(secret, "whsec_"))
	return b
}
