package bot

import (
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/nhttf/frontdoor/bot/region"
	"github.com/nhttf/frontdoor/flows"
)

// yesNo reads a yes or no in English or Spanish; ok is false when the answer is neither.
func yesNo(body string) (yes, ok bool) {
	switch flows.Key(body) {
	case "yes", "y", "yeah", "yep", "yup", "sure", "si", "claro", "correct", "true":
		return true, true
	case "no", "n", "nope", "nah", "false":
		return false, true
	}
	return false, false
}

// number reads a message that holds exactly one whole number, with or without words around it
// ("3", "about 3 people"). Very large numbers are refused.
func number(body string) (string, bool) {
	fields := strings.FieldsFunc(body, func(r rune) bool { return r < '0' || r > '9' })
	if len(fields) != 1 || len(fields[0]) > 9 {
		return "", false
	}
	n, err := strconv.Atoi(fields[0])
	if err != nil {
		return "", false
	}
	return strconv.Itoa(n), true
}

// freeText checks a free-text answer: not blank, at most max characters, valid text. Invalid
// UTF-8 is replaced rather than refused.
func freeText(body string, max int) (string, bool) {
	body = strings.ToValidUTF8(body, "\uFFFD")
	body = strings.TrimSpace(body)
	if body == "" || utf8.RuneCountInString(body) > max {
		return "", false
	}
	return body, true
}

// place reads a US ZIP code ("77002", "77002-1234") or a city and state ("Houston, TX",
// "el paso texas"). It returns a tidy form: "ZIP 77002" or "Houston, TX".
func place(body string) (string, bool) {
	body = strings.TrimSpace(body)
	if len(body) > 100 {
		return "", false
	}
	if zip, ok := zipCode(body); ok {
		return "ZIP " + zip, true
	}
	words := strings.Fields(strings.NewReplacer(",", " ", ".", " ").Replace(body))
	if len(words) < 2 {
		return "", false
	}
	// The state is the last one or two words; the city is what comes before.
	for n := 3; n >= 1; n-- {
		if len(words) <= n {
			continue
		}
		abbr, ok := usState(strings.Join(words[len(words)-n:], " "))
		if !ok {
			continue
		}
		city := titleCase(strings.Join(words[:len(words)-n], " "))
		if city == "" {
			return "", false
		}
		return city + ", " + abbr, true
	}
	return "", false
}

func zipCode(s string) (string, bool) {
	s = strings.TrimPrefix(strings.TrimPrefix(strings.ToLower(s), "zip"), " ")
	s = strings.TrimSpace(s)
	digits := strings.ReplaceAll(s, "-", "")
	if (len(s) == 5 || len(s) == 10 && s[5] == '-') && allDigits(digits) {
		return s[:5], true
	}
	return "", false
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

func titleCase(s string) string {
	words := strings.Fields(s)
	for i, w := range words {
		r, size := utf8.DecodeRuneInString(w)
		words[i] = strings.ToUpper(string(r)) + strings.ToLower(w[size:])
	}
	return strings.Join(words, " ")
}

// usState returns the postal abbreviation for a state's name or abbreviation, in any case.
func usState(s string) (string, bool) { return region.State(s) }
