package bot

import (
	"strconv"
	"strings"
	"unicode/utf8"

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
func usState(s string) (string, bool) {
	k := flows.Key(s)
	if len(k) == 2 {
		up := strings.ToUpper(k)
		_, ok := stateNames[up]
		return up, ok
	}
	abbr, ok := stateByName[k]
	return abbr, ok
}

var stateNames = map[string]string{
	"AL": "Alabama", "AK": "Alaska", "AZ": "Arizona", "AR": "Arkansas", "CA": "California",
	"CO": "Colorado", "CT": "Connecticut", "DE": "Delaware", "DC": "District of Columbia",
	"FL": "Florida", "GA": "Georgia", "HI": "Hawaii", "ID": "Idaho", "IL": "Illinois",
	"IN": "Indiana", "IA": "Iowa", "KS": "Kansas", "KY": "Kentucky", "LA": "Louisiana",
	"ME": "Maine", "MD": "Maryland", "MA": "Massachusetts", "MI": "Michigan", "MN": "Minnesota",
	"MS": "Mississippi", "MO": "Missouri", "MT": "Montana", "NE": "Nebraska", "NV": "Nevada",
	"NH": "New Hampshire", "NJ": "New Jersey", "NM": "New Mexico", "NY": "New York",
	"NC": "North Carolina", "ND": "North Dakota", "OH": "Ohio", "OK": "Oklahoma", "OR": "Oregon",
	"PA": "Pennsylvania", "RI": "Rhode Island", "SC": "South Carolina", "SD": "South Dakota",
	"TN": "Tennessee", "TX": "Texas", "UT": "Utah", "VT": "Vermont", "VA": "Virginia",
	"WA": "Washington", "WV": "West Virginia", "WI": "Wisconsin", "WY": "Wyoming",
	"PR": "Puerto Rico", "GU": "Guam", "VI": "U.S. Virgin Islands", "AS": "American Samoa",
	"MP": "Northern Mariana Islands",
}

// stateByName maps folded state names, English and Spanish spellings, to abbreviations.
var stateByName = func() map[string]string {
	m := make(map[string]string, 2*len(stateNames))
	for abbr, name := range stateNames {
		m[flows.Key(name)] = abbr
	}
	for name, abbr := range map[string]string{
		"nuevomexico": "NM", "nuevayork": "NY", "nuevajersey": "NJ", "carolinadelnorte": "NC",
		"carolinadelsur": "SC", "tejas": "TX", "luisiana": "LA", "pensilvania": "PA", "misuri": "MO",
		"washingtondc": "DC", "dc": "DC", "virginiaoccidental": "WV", "hawai": "HI",
	} {
		m[name] = abbr
	}
	return m
}()
