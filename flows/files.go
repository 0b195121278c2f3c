package flows

import (
	"io/fs"
	"path"
	"testing/fstest"
)

// TestsDir is the sub-folder of a flows folder that holds the transcript tests.
const TestsDir = "tests"

// IsFlowFile reports whether a slash-separated path inside a flows folder is a file Frontdoor
// reads: a flow file at the top (name.yaml or name.yml), a transcript test in tests/, or staff
// guidance in guide/ (topic.md, and replies.yaml).
func IsFlowFile(p string) bool {
	dir, name := path.Split(p)
	ext := path.Ext(name)
	if dir == GuideDir+"/" {
		return (ext == ".md" || p == RepliesFile) && len(name) > len(ext)
	}
	return (dir == "" || dir == TestsDir+"/") && (ext == ".yaml" || ext == ".yml") && len(name) > len(ext)
}

// ReadFiles reads the files of a flows folder that IsFlowFile accepts, by path.
func ReadFiles(fsys fs.FS) (map[string][]byte, error) {
	files := map[string][]byte{}
	for _, dir := range []string{".", TestsDir, GuideDir} {
		entries, err := fs.ReadDir(fsys, dir)
		if err != nil {
			if dir != "." {
				continue // no tests or guide folder
			}
			return nil, err
		}
		for _, e := range entries {
			p := path.Join(dir, e.Name())
			if e.IsDir() || !IsFlowFile(p) {
				continue
			}
			b, err := fs.ReadFile(fsys, p)
			if err != nil {
				return nil, err
			}
			files[p] = b
		}
	}
	return files, nil
}

// FilesFS returns files (by slash-separated path, as ReadFiles gives them) as a read-only
// folder, for Load and the transcript tests.
func FilesFS(files map[string][]byte) fs.FS {
	m := make(fstest.MapFS, len(files))
	for p, b := range files {
		m[p] = &fstest.MapFile{Data: b, Mode: 0o444}
	}
	return m
}
