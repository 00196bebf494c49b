import MLAuditCore
print(MLAuditVersion.value)
