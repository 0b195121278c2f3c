package slack

import "testing"

func TestToSMS(t *testing.T) {
	for in, want := range map[string]string{
		"&amp; <@U123> <https://a.org|site>":              "& staff https://a.org",
		"<@U0ABC|maria> will call you":                    "staff will call you",
		"<!here> <!channel> hi":                           "hi",
		"see <https://example.org/x?a=1&amp;b=2>":         "see https://example.org/x?a=1&b=2",
		"mail <mailto:help@example.org|help@example.org>": "mail help@example.org",
		"in <#C0123|general>":                             "in #general",
		"call <tel:+18883737888|the hotline>":             "call +18883737888",
		"1 &lt; 2 &gt; 0":                                 "1 < 2 > 0",
		"&amp;lt; stays literal":                          "&lt; stays literal",
		"<!date^1392734382^{date}|Feb 18, 2014> ok":       "Feb 18, 2014 ok",
		"*bold* _it_ plain":                               "*bold* _it_ plain",
	} {
		if got := ToSMS(in); got != want {
			t.Errorf("ToSMS(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestEscape(t *testing.T) {
	in := "<!channel> <@U123> <https://x|click> &lt; Tom & Jerry"
	want := "&lt;!channel&gt; &lt;@U123&gt; &lt;https://x|click&gt; &amp;lt; Tom &amp; Jerry"
	if got := Escape(in); got != want {
		t.Errorf("Escape = %q, want %q", got, want)
	}
}
