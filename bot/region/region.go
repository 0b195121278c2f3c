// Package region reads a US state out of what a texter wrote: a state's name or postal
// abbreviation (English or Spanish spelling), a tidy place answer ("Houston, TX", "ZIP 77002"),
// or a ZIP code, whose first three digits name the state. Routing rules, the tips channels and
// the partner directory speak of states by their two-letter postal code.
//
// Imports: flows only. It is a leaf under bot: bot, bot/roster and bot/directory import it.
package region

import (
	"strings"

	"github.com/nhttf/frontdoor/flows"
)

// Names maps each postal code Frontdoor knows (the states, DC and the territories) to its name.
var Names = map[string]string{
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

// byName maps folded state names, English and Spanish spellings, to postal codes.
var byName = func() map[string]string {
	m := make(map[string]string, 2*len(Names))
	for abbr, name := range Names {
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

// State returns the postal code for a state's name or abbreviation, in any case.
func State(s string) (string, bool) {
	k := flows.Key(s)
	if len(k) == 2 {
		up := strings.ToUpper(k)
		_, ok := Names[up]
		return up, ok
	}
	abbr, ok := byName[k]
	return abbr, ok
}

// commonWords are postal codes that are also everyday words ("ok", "hi", "in", "me", "or", "oh"):
// alone and not in capitals they are more likely a word than a state.
var commonWords = map[string]bool{"ok": true, "hi": true, "in": true, "me": true, "or": true, "oh": true, "la": true, "pa": true, "al": true}

// Ambiguous reports whether an answer that names a state is more likely an everyday word: one of
// commonWords, alone, not written in capitals ("ok" is not Oklahoma, "OK" is).
func Ambiguous(answer string) bool {
	a := strings.TrimSpace(strings.Trim(answer, ".!?,"))
	return commonWords[strings.ToLower(a)] && a != strings.ToUpper(a)
}

// Valid reports whether code is a postal code Frontdoor knows, written in capitals.
func Valid(code string) bool {
	_, ok := Names[code]
	return ok
}

// Of returns the state an answer names: "Houston, TX", "ZIP 77002", "77002", "Texas", "tx".
// It returns "" when the answer names none.
func Of(answer string) string {
	answer = strings.TrimSpace(answer)
	if answer == "" {
		return ""
	}
	if st, ok := State(answer); ok {
		return st
	}
	if zip, ok := zipOf(answer); ok {
		return FromZIP(zip)
	}
	// "City, ST" or "city state name": the last one to three words.
	words := strings.Fields(strings.NewReplacer(",", " ", ".", " ").Replace(answer))
	for n := min(3, len(words)-1); n >= 1; n-- {
		if st, ok := State(strings.Join(words[len(words)-n:], " ")); ok {
			return st
		}
	}
	return ""
}

func zipOf(s string) (string, bool) {
	s = strings.TrimSpace(strings.TrimPrefix(strings.ToLower(s), "zip"))
	if len(s) == 10 && s[5] == '-' {
		s = s[:5]
	}
	if len(s) != 5 {
		return "", false
	}
	for i := 0; i < 5; i++ {
		if s[i] < '0' || s[i] > '9' {
			return "", false
		}
	}
	return s, true
}
