//go:build tools

// Package tools pins FerretDB for deploy/local/stack: this import keeps
// github.com/FerretDB/FerretDB in go.mod, and go.sum holds its checksums.
//
// The stack script downloads the pinned source (`go mod download`) and builds
// ./cmd/ferretdb from a copy of it that has build/version/version.txt added.
// A binary built straight from the module cache panics at start-up without that file.
// It does not use `go install ...@v1.24.0`, because the Go proxy refuses the module's version list.
package tools

import (
	_ "github.com/FerretDB/FerretDB/cmd/ferretdb"
)
