// Preview stand-in for lightning/pageReferenceUtils: the same Field=value,Field=value encoding the platform uses.
export function encodeDefaultFieldValues(values) {
    return Object.entries(values || {})
        .map(([name, value]) => `${name}=${encodeURIComponent(String(value))}`)
        .join(',');
}

export function decodeDefaultFieldValues(text) {
    return Object.fromEntries(
        String(text || '')
            .split(',')
            .filter(Boolean)
            .map((pair) => {
                const [name, value] = pair.split('=');
                return [name, decodeURIComponent(value ?? '')];
            })
    );
}
