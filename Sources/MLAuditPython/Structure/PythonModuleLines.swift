/// Line renumbering and merging, used by the notebook reader (cell lines -> raw .ipynb lines).
/// Every line-carrying field of `PythonModule` is handled here; a new field must be added too.
extension PythonModule {
    public mutating func remapLines(_ map: (Int) -> Int) {
        func span(_ s: LineSpan) -> LineSpan {
            let a = map(s.start)
            let b = map(s.end)
            return LineSpan(start: a, end: max(a, b))
        }
        for i in imports.indices { imports[i].line = map(imports[i].line) }
        for i in classes.indices { classes[i].span = span(classes[i].span) }
        for i in functions.indices {
            functions[i].span = span(functions[i].span)
            functions[i].bodyMarkerLine = functions[i].bodyMarkerLine.map(map)
        }
        for i in calls.indices { calls[i].line = map(calls[i].line) }
        for i in assignments.indices { assignments[i].line = map(assignments[i].line) }
        for i in strings.indices { strings[i].line = map(strings[i].line) }
        for i in comments.indices { comments[i].line = map(comments[i].line) }
        for i in proseLines.indices { proseLines[i].line = map(proseLines[i].line) }
        for i in mainBlocks.indices { mainBlocks[i] = span(mainBlocks[i]) }
        for i in problems.indices { problems[i].line = map(problems[i].line) }
        for i in raises.indices { raises[i].line = map(raises[i].line) }
        for i in stringReturns.indices { stringReturns[i].line = map(stringReturns[i].line) }
    }

    /// Appends `other`'s facts (path and line count stay this module's).
    public mutating func append(_ other: PythonModule) {
        imports += other.imports
        classes += other.classes
        functions += other.functions
        calls += other.calls
        assignments += other.assignments
        strings += other.strings
        comments += other.comments
        proseLines += other.proseLines
        mainBlocks += other.mainBlocks
        problems += other.problems
        raises += other.raises
        stringReturns += other.stringReturns
    }
}
