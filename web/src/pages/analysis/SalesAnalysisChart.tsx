/** A bar chart per salesperson (recharts; its own chunk, loaded lazily by SalesAnalysisPage.tsx). */
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';

/** `data`: one entry per salesperson (`name` on the x axis); `bars`: the fields drawn, bars of one `stackId` stacked. */
export default function SalesAnalysisChart({
  data,
  bars,
}: {
  data: ({ name: string } & Record<string, string | number>)[];
  bars: { dataKey: string; name: string; fill: string; stackId?: string }[];
}) {
  return (
    <ResponsiveContainer>
      <BarChart data={data} margin={{ top: 16, right: 16, left: 0, bottom: 0 }}>
        <CartesianGrid strokeDasharray="3 3" />
        <XAxis dataKey="name" />
        <YAxis allowDecimals={false} />
        <Tooltip />
        <Legend />
        {bars.map((b) => (
          <Bar key={b.dataKey} dataKey={b.dataKey} stackId={b.stackId} name={b.name} fill={b.fill} />
        ))}
      </BarChart>
    </ResponsiveContainer>
  );
}
