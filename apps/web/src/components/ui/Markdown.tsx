import ReactMarkdown from 'react-markdown';

/**
 * User text as Markdown, never as raw HTML: `skipHtml` drops any HTML in the source,
 * react-markdown's default urlTransform drops `javascript:` and similar URLs, and images
 * are not rendered at all (Safe Harbor (Q): no photographs).
 */
export function Markdown({ children }: { children: string }) {
  return (
    <div className="markdown">
      <ReactMarkdown
        skipHtml
        disallowedElements={['img']}
        unwrapDisallowed
        components={{
          a: ({ href, children: c }) => (
            <a href={href} target="_blank" rel="noopener noreferrer nofollow">
              {c}
            </a>
          ),
        }}
      >
        {children}
      </ReactMarkdown>
    </div>
  );
}
