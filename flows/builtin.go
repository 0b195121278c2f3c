package flows

import (
	"embed"
	"io/fs"
)

//go:embed builtin
var builtinFS embed.FS

// Builtin returns the built-in flows folder: the flow files at its top, transcript tests in tests/.
func Builtin() fs.FS {
	sub, err := fs.Sub(builtinFS, "builtin")
	if err != nil {
		panic(err) // the embedded folder is fixed at build time
	}
	return sub
}
