/** Jest stand-in for react-markdown (ESM-only): the source text as one paragraph. */
export default function ReactMarkdown({ children }: { children?: string }) {
  return <p>{children}</p>;
}
