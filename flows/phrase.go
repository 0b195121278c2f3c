package flows

import "strings"

// Phrase puts a message or a phrase in the form the danger detector compares: the folded words
// (see Words: case, accents, spaces and punctuation ignored), with apostrophes dropped rather
// than splitting a word ("can't", "can’t" and "cant" are one word) and common contractions and
// their long forms made one ("can not", "cannot" and "can't" are all "cant"; "he is" and "he's"
// are "hes"). The result starts and ends with a space, so " cant leave " can be found with
// strings.Contains.
func Phrase(s string) string {
	s = apostrophes.Replace(s)
	words := strings.Fields(Words(s))
	out := make([]string, 0, len(words))
	for i := 0; i < len(words); i++ {
		w := words[i]
		if i+1 < len(words) {
			if joined, ok := contractions[w+" "+words[i+1]]; ok {
				out = append(out, joined)
				i++
				continue
			}
		}
		if one, ok := longForms[w]; ok {
			w = one
		}
		out = append(out, w)
	}
	if len(out) == 0 {
		return " "
	}
	return " " + strings.Join(out, " ") + " "
}

// apostrophes are dropped inside words: the straight one, the typographic ones phones put in, and
// the accents people type instead.
var apostrophes = strings.NewReplacer("'", "", "’", "", "‘", "", "ʼ", "", "´", "", "`", "", "′", "")

// contractions maps two words to the one word their contraction folds to.
var contractions = map[string]string{
	"can not": "cant", "can t": "cant", "could not": "couldnt", "will not": "wont", "won t": "wont",
	"do not": "dont", "don t": "dont", "does not": "doesnt", "did not": "didnt", "is not": "isnt",
	"are not": "arent", "was not": "wasnt", "would not": "wouldnt", "have not": "havent",
	"i am": "im", "i m": "im", "he is": "hes", "he s": "hes", "she is": "shes", "she s": "shes",
	"they are": "theyre", "it is": "its", "i have": "ive", "i will": "ill",
}

// longForms maps one word to the form contractions fold to.
var longForms = map[string]string{"cannot": "cant", "gonna": "going to"}
