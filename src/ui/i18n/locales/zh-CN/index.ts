// This language's catalogue: every namespace file beside this one, by its name.
const files = import.meta.glob<Record<string, string>>('./*.json', {
  eager: true,
  import: 'default',
});

const catalogue: Record<string, Record<string, string>> = {};
for (const [path, messages] of Object.entries(files))
  catalogue[path.slice(2, -'.json'.length)] = messages;

export default catalogue;
