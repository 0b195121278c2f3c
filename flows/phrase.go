package flows

import "strings"

// Phrase puts a message or a phrase in the form the danger detector compares: the folded words
// (see Words: case, accents, spaces and punctuation ignored), with apostrophes dropped rather
// than splitting a word ("can't", "can’t" and "cant" are one word) and common contractions and
// their long forms made one ("can not", "cannot" and "can't" are all "cant"; "he is" and "he's"
// are "hes"). The result starts and ends with a space, so " cant leave " can be found with
// strings.Contains.
func Phrase(s string) string {
	if hasApostrophe(s) {
		s = apostrophes.Replace(s)
	}
	w := Words(s) // " word word ... ", single spaces: two words are a substring, found without copying
	var b strings.Builder
	copied := 0
	for i := 0; i+1 < len(w); {
		end := i + 1 + strings.IndexByte(w[i+1:], ' ')
		if end <= i {
			break
		}
		repl, next := "", end
		if !mayContract(w[i+1 : end]) {
			i = end
			continue
		}
		if end+1 < len(w) {
			if end2 := end + 1 + strings.IndexByte(w[end+1:], ' '); end2 > end {
				if joined, ok := contractions[w[i+1:end2]]; ok {
					repl, next = joined, end2
				}
			}
		}
		if repl == "" {
			repl = longForms[w[i+1:end]]
		}
		if repl != "" {
			b.WriteString(w[copied : i+1])
			b.WriteString(repl)
			copied = next
		}
		i = next
	}
	if copied == 0 {
		return w
	}
	b.WriteString(w[copied:])
	return b.String()
}

// apostrophes are dropped inside words: the straight one, the typographic ones phones put in, and
// the accents people type instead.
var apostrophes = strings.NewReplacer("'", "", "’", "", "‘", "", "ʼ", "", "´", "", "`", "", "′", "")

// hasApostrophe reports whether s holds one of the apostrophes: the ASCII ones by byte, the
// others (all two or three bytes, led by 0xC2, 0xCA or 0xE2) only when such a byte is there.
func hasApostrophe(s string) bool {
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '\'', '`':
			return true
		case 0xC2, 0xCA, 0xE2:
			return strings.ContainsAny(s[i:], "’‘ʼ´′")
		}
	}
	return false
}

// contractions maps two words to the one word their contraction folds to.
var contractions = map[string]string{
	"can not": "cant", "can t": "cant", "could not": "couldnt", "will not": "wont", "won t": "wont",
	"do not": "dont", "don t": "dont", "does not": "doesnt", "did not": "didnt", "is not": "isnt",
	"are not": "arent", "was not": "wasnt", "would not": "wouldnt", "have not": "havent",
	"i am": "im", "i m": "im", "he is": "hes", "he s": "hes", "she is": "shes", "she s": "shes",
	"they are": "theyre", "it is": "its", "i have": "ive", "i will": "ill",
}

// mayContract reports whether a word can start a contraction or is a long form: the few words
// worth a map lookup.
func mayContract(w string) bool {
	switch w {
	case "can", "could", "will", "won", "do", "don", "does", "did", "is", "are", "was", "would", "have",
		"i", "he", "she", "they", "it", "cannot", "gonna":
		return true
	}
	return false
}

// longForms maps one word to the form contractions fold to.
var longForms = map[string]string{"cannot": "cant", "gonna": "going to"}
