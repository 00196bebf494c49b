/// Atomic Diff codes (`diffs[].code`): one per proposer, stable, never reused for another meaning. Retired codes
/// (MLD204-206, MLD208-212: tracker defaults, gate configs, the lock recipe and the questions ledger, changes a
/// maintainer would reject) stay unassigned.
public enum DiffCode: String, CaseIterable, Sendable, Hashable, Comparable {
    case mld201 = "MLD201"  // torch.load(..., weights_only=True)
    case mld202 = "MLD202"  // seed helper called at the start of training
    case mld203 = "MLD203"  // RNG / scheduler state saved and restored in the checkpoint
    case mld207 = "MLD207"  // scaffold: a pytest target that byte-compiles every Python file
    case mld213 = "MLD213"  // yaml.load without a Loader becomes yaml.safe_load
    case mld214 = "MLD214"  // bare `except:` becomes `except Exception:`
    case mld215 = "MLD215"  // scaffold: the repository's seeding function makes draws repeat
    case mld216 = "MLD216"  // scaffold: every config YAML parses with no duplicate key
    case mld217 = "MLD217"  // scaffold: every package module imports
    case mld218 = "MLD218"  // scaffold: Python byte-code caches ignored by git
    case mld219 = "MLD219"  // scaffold: pytest declared as a development requirement
    case mld220 = "MLD220"  // imported distributions added to the dependency declaration
    case mld221 = "MLD221"  // the overridden first occurrence of a duplicated YAML key removed
    case mld222 = "MLD222"  // argparse `type=bool` converts with a string-to-bool function
    case mld223 = "MLD223"  // a constructed-and-dropped exception is raised; a method reference is called
    case mld224 = "MLD224"  // `is` / `is not` with a literal becomes `==` / `!=`
    case mld225 = "MLD225"  // a copy-pasted duplicate test gets a name of its own
    case mld227 = "MLD227"  // a dead documentation link repointed at the file it certainly names
    case mld228 = "MLD228"  // the declared minimum Python raised to what the installed code needs
    case mld229 = "MLD229"  // Python-version classifiers the declared minimum excludes removed
    case mld230 = "MLD230"  // the missing import of a name read at run time, in the repository's own form
    case mld231 = "MLD231"  // `__all__` entries the module neither defines nor imports removed
    case mld233 = "MLD233"  // `.strip("word")` becomes `.removeprefix` / `.removesuffix`
    case mld234 = "MLD234"  // a logging message gets the `%s` placeholders its arguments need
    case mld235 = "MLD235"  // `raise NotImplemented` becomes `raise NotImplementedError`
    case mld236 = "MLD236"  // a comparison a test computes and drops becomes an assertion
    case mld237 = "MLD237"  // `except A or B:` becomes `except (A, B):`
    case mld238 = "MLD238"  // a message with `{variable}` fields gets its missing `f` prefix
    case mld239 = "MLD239"  // `raise "message"` raises an exception carrying the message
    case mld240 = "MLD240"  // `assert value, 16` in a test becomes `assert value == 16`

    public static func < (a: DiffCode, b: DiffCode) -> Bool { a.rawValue < b.rawValue }
}

extension DiffCode: CustomStringConvertible { public var description: String { rawValue } }
