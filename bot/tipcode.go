package bot

import (
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// TipCodePrefix starts every tip receipt code.
const TipCodePrefix = "TIP-"

// maxCodeDraws bounds how many codes the engine draws looking for one in the texter's shard
// (about Shards draws are needed; a fake IDs that repeats itself must not loop for ever).
const maxCodeDraws = 4096

// ParseTipCode reads a message that starts with a tip code: "TIP-7K3QXM", "tip 7k3qxm", "Tip:
// 7K3QXM", "TIP7K3QXM", then the details. The code is six characters of the code alphabet with
// at least one digit, so an ordinary word after "tip" ("tip street") is not one. code is in its
// canonical form ("TIP-7K3QXM"); rest is what follows, trimmed.
func ParseTipCode(body string) (code, rest string, ok bool) {
	s := strings.TrimLeftFunc(body, unicode.IsSpace)
	if len(s) < 3 || !strings.EqualFold(s[:3], "tip") {
		return "", "", false
	}
	s = strings.TrimLeft(s[3:], " -:#")
	if len(s) < tipCodeLength {
		return "", "", false
	}
	cand := strings.ToUpper(s[:tipCodeLength])
	if !isTipCode(cand) {
		return "", "", false
	}
	after := s[tipCodeLength:]
	if r, _ := utf8.DecodeRuneInString(after); after != "" && (unicode.IsLetter(r) || unicode.IsDigit(r)) {
		return "", "", false // a longer word
	}
	rest = strings.TrimSpace(strings.TrimLeft(after, " \t\r\n:,.;-"))
	return TipCodePrefix + cand, rest, true
}

// isTipCode reports whether s is tipCodeLength characters of codeAlphabet with a digit.
func isTipCode(s string) bool {
	digit := false
	for i := 0; i < len(s); i++ {
		if !strings.ContainsRune(codeAlphabet, rune(s[i])) {
			return false
		}
		digit = digit || (s[i] >= '2' && s[i] <= '9')
	}
	return len(s) == tipCodeLength && digit
}

// tipCode draws the code of a new tip: one in the texter's shard when the store has shards, so
// that the store can write the tip in the same atomic write as the session (one Redis Cluster
// slot) and refuse a code that is taken.
func (t *turn) tipCode() string {
	code := t.e.ids.TipCode()
	n := t.opts.TipShards
	if n <= 1 {
		return code
	}
	want := ShardOf(t.Session.Texter, n)
	for i := 0; i < maxCodeDraws && ShardOf(code, n) != want; i++ {
		code = t.e.ids.TipCode()
	}
	return code
}

// addToTip handles a message that starts with a tip code. The texter's own tip gets the rest
// of the message as an addition (TipAdded) and a thank-you; any other code, taken or not, gets
// the same neutral answer, so that nothing can be learnt about other people's tips. The flow the
// texter was in, if any, is left where it was.
func (t *turn) addToTip(code, rest string) {
	lang := t.Session.Lang
	switch {
	case code != t.opts.OwnTip:
		t.say(text(t.e.msgs.TipUnknown, lang))
		return
	case rest == "" && t.in.Media == 0:
		t.say(strings.ReplaceAll(text(t.e.msgs.TipNoText, lang), "{code}", code))
		return
	}
	danger := t.e.detect.Match(rest)
	if danger {
		t.say(text(t.e.msgs.Danger, lang))
	}
	key := "add:" + t.in.ID
	if t.in.ID == "" {
		key = "add:" + t.now.UTC().Format(time.RFC3339Nano)
	}
	t.effect(NewTipAdded(TipAddedFields{Code: code, Text: rest, Media: t.in.Media, Urgent: danger, Key: key, Channel: t.Session.Channel}))
	t.say(strings.ReplaceAll(text(t.e.msgs.TipAdded, lang), "{code}", code))
}
