package flows

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Key folds s to the form used to compare whole messages with menu keys and keywords: lower case,
// accents removed, everything that is not a letter or a digit dropped. "  No más! " becomes
// "nomas" and "1." becomes "1". Invalid UTF-8 is dropped.
//
// The accent folding is a small table for Latin letters rather than golang.org/x/text, because
// this package keeps to the standard library; it covers Spanish, French and Portuguese.
func Key(s string) string {
	if isFoldedASCII(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		if r = foldRune(r); r != 0 {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// isFoldedASCII reports whether s is already in Key form, so Key can return it without copying.
func isFoldedASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9') {
			return false
		}
	}
	return true
}

// Words folds s like Key but keeps word boundaries: the result is the folded words of s joined by
// single spaces, with a space at each end, so " in danger " can be found with strings.Contains.
func Words(s string) string {
	var b strings.Builder
	b.Grow(len(s) + 2)
	b.WriteByte(' ')
	space := true
	for _, r := range s {
		if f := foldRune(r); f != 0 {
			b.WriteRune(f)
			space = false
		} else if !space {
			b.WriteByte(' ')
			space = true
		}
	}
	if !space {
		b.WriteByte(' ')
	}
	return b.String()
}

// foldRune returns the lower-case, accent-free form of a letter or digit, or 0 for anything else.
func foldRune(r rune) rune {
	switch {
	case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
		return r
	case r >= 'A' && r <= 'Z':
		return r + ('a' - 'A')
	case r < utf8.RuneSelf, r == utf8.RuneError:
		return 0
	}
	r = unicode.ToLower(r)
	if f, ok := accentFold[r]; ok {
		return f
	}
	if unicode.IsLetter(r) || unicode.IsDigit(r) {
		return r
	}
	return 0
}

var accentFold = map[rune]rune{
	'à': 'a', 'á': 'a', 'â': 'a', 'ã': 'a', 'ä': 'a', 'å': 'a', 'ā': 'a',
	'ç': 'c', 'č': 'c',
	'è': 'e', 'é': 'e', 'ê': 'e', 'ë': 'e', 'ē': 'e',
	'ì': 'i', 'í': 'i', 'î': 'i', 'ï': 'i', 'ī': 'i',
	'ñ': 'n',
	'ò': 'o', 'ó': 'o', 'ô': 'o', 'õ': 'o', 'ö': 'o', 'ø': 'o', 'ō': 'o',
	'ù': 'u', 'ú': 'u', 'û': 'u', 'ü': 'u', 'ū': 'u',
	'ý': 'y', 'ÿ': 'y',
	'š': 's', 'ž': 'z',
}
